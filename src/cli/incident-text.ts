// Incident text and JSON for the headless commands (list, show). Callers pass each line
// through terminalSafe / the document through jsonSafe.
import type { Incident } from '../domain/incident/incident-fold.js';
import { serviceImpact } from '../domain/incident/incident-fold.js';
import { incidentHeaderText, shortSpan } from '../domain/incident/incident-clock.js';
import type { IncidentDesk } from '../services/incidents/incident-desk.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function incidentListLine(desk: IncidentDesk, i: Incident): string {
  if (i.resolvedAt !== undefined) return `${i.id} ${i.severity} ${i.title} · ${i.environment} · resolved after ${shortSpan(i.resolvedAt - i.startedAt)} (${iso(i.resolvedAt)})`;
  return `${incidentHeaderText(i, desk.clock(i), 60)} · ${i.environment}${i.commander ? ` · commander ${i.commander}` : ''}`;
}

export function incidentLines(desk: IncidentDesk, i: Incident): string[] {
  const c = desk.clock(i);
  const lines = [
    `${i.id} ${i.severity} ${i.title}`,
    `  ${i.profile}/${i.environment} · started ${iso(i.startedAt)} by ${i.startedBy}${i.commander ? ` · commander ${i.commander}` : ''}`,
    i.resolvedAt !== undefined
      ? `  resolved ${iso(i.resolvedAt)} after ${shortSpan(i.resolvedAt - i.startedAt)}${i.summary ? `: ${i.summary}` : ''}`
      : `  open ${shortSpan(c.elapsedMs)} (respond within ${shortSpan(c.responseMs)}${c.responded ? ', responded' : c.responseOverdue ? ', NO RESPONSE YET' : ''}) · ${c.updateDueInMs < 0 ? 'update OVERDUE' : `update due in ${shortSpan(c.updateDueInMs)}`}${c.next ? ` · ${c.next.level} ${c.next.contact} in ${shortSpan(c.next.inMs)}` : ''}`,
    `  services: ${i.services.join(', ') || '-'}`,
    '',
    'Timeline (UTC):',
    ...desk.timeline(i).map((t) => `  ${clockTime(t.at)}  ${t.alert ? '!' : ' '} ${t.text}  (${t.by})`),
  ];
  return lines;
}

export function incidentJson(desk: IncidentDesk, i: Incident, withTimeline: boolean) {
  const c = desk.clock(i);
  const timeline = withTimeline ? desk.timeline(i) : undefined;
  return {
    id: i.id,
    profile: i.profile,
    environment: i.environment,
    title: i.title,
    severity: i.severity,
    state: i.resolvedAt === undefined ? 'open' : 'resolved',
    commander: i.commander ?? null,
    services: i.services,
    startedAt: iso(i.startedAt),
    startedBy: i.startedBy,
    resolvedAt: iso(i.resolvedAt),
    summary: i.summary ?? null,
    elapsedMs: c.elapsedMs,
    responseTargetMs: c.responseMs,
    respondedAt: iso(i.respondedAt),
    updateDueAt: i.resolvedAt === undefined ? iso(c.updateDueAt) : null,
    updateOverdue: i.resolvedAt === undefined && c.updateDueInMs < 0,
    escalatedLevels: [...i.escalatedLevels],
    ...(timeline
      ? {
          impact: serviceImpact(i, timeline, Date.now()).map((s) => ({ service: s.service, worst: s.worst, impactMs: s.impactMs, firstBadAt: iso(s.firstBadAt), recoveredAt: iso(s.recoveredAt), stillBad: s.stillBad })),
          timeline: timeline.map((t) => ({ at: iso(t.at), by: t.by, kind: t.kind, text: t.text, ...(t.service ? { service: t.service, state: t.state } : {}), ...(t.runId ? { runId: t.runId } : {}), alert: !!t.alert })),
        }
      : {}),
  };
}

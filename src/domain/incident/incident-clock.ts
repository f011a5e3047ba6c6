// Where an open incident stands against its targets: elapsed vs the response target, when the
// next status update is due (or that it is overdue), the next escalation. Pure, clock injected.
import type { Incident } from './incident-fold.js';
import type { SeverityTargets } from './severity.js';
import { escalationPlan, nextEscalation, type Contact } from './escalation.js';
import type { Severity } from './incident-events.js';

export interface IncidentClock {
  elapsedMs: number;
  responseMs: number;
  /** Nobody has responded (note or commander) and the response target has passed. */
  responseOverdue: boolean;
  responded: boolean;
  updateDueAt: number;
  /** Negative when overdue. */
  updateDueInMs: number;
  resolveWithinMs: number;
  next?: { level: string; contact: string; inMs: number };
}

export function incidentClock(inc: Incident, targets: Record<Severity, SeverityTargets>, contacts: readonly Contact[], now: number): IncidentClock {
  const t = targets[inc.severity];
  const end = inc.resolvedAt ?? now;
  const elapsedMs = Math.max(0, end - inc.startedAt);
  const updateDueAt = inc.lastUpdateAt + t.updateEveryMs;
  const plan = escalationPlan(contacts, inc.severity, inc.startedAt);
  const next = nextEscalation(plan, now);
  return {
    elapsedMs,
    responseMs: t.responseMs,
    responded: inc.respondedAt !== undefined,
    responseOverdue: inc.respondedAt === undefined && elapsedMs > t.responseMs,
    updateDueAt,
    updateDueInMs: updateDueAt - now,
    resolveWithinMs: t.resolveWithinMs,
    ...(next ? { next: { level: next.contact.level, contact: next.contact.name, inMs: next.dueAt - now } } : {}),
  };
}

/** Minutes/hours the way a header has room for: 45s, 12m, 2h05m, 3d. */
export function shortSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d`;
}

/** "INC-3 P1 api errors 12m/30m · update due in 4m" (or "update OVERDUE"). */
export function incidentHeaderText(inc: Incident, c: IncidentClock, titleWidth = 24): string {
  const title = titleWidth <= 0 ? '' : inc.title.length > titleWidth ? `${inc.title.slice(0, titleWidth - 1)}…` : inc.title;
  const resp = c.responded ? shortSpan(c.elapsedMs) : `${shortSpan(c.elapsedMs)}/${shortSpan(c.responseMs)}${c.responseOverdue ? ' NO RESPONSE' : ''}`;
  const update = c.updateDueInMs < 0 ? 'update OVERDUE' : `update due in ${shortSpan(c.updateDueInMs)}`;
  return `${inc.id} ${inc.severity} ${title ? `${title} ` : ''}${resp} · ${update}`;
}

/**
 * The header's wordings of an open incident, longest first, for a line too narrow for all of
 * it: the title shortens, the timers compact, then the title goes, then the timers; the id,
 * severity and a missed response or update stay to the end.
 */
export function incidentHeaderVariants(inc: Incident, c: IncidentClock): string[] {
  const overdue = c.updateDueInMs < 0;
  const upd = overdue ? 'upd OVERDUE' : `upd ${shortSpan(c.updateDueInMs)}`;
  const flag = c.responseOverdue ? ' NO RESP' : overdue ? ' OVERDUE' : '';
  const compact = (titleWidth: number) => {
    const text = incidentHeaderText(inc, c, titleWidth);
    const at = text.lastIndexOf(' · update '); // the last part, after the title
    return at < 0 ? text : `${text.slice(0, at)} · ${upd}`;
  };
  return [
    incidentHeaderText(inc, c, 40),
    incidentHeaderText(inc, c, 20),
    incidentHeaderText(inc, c, 10),
    compact(10),
    compact(0),
    `${inc.id} ${inc.severity}${flag}`,
  ].filter((v, i, all) => all.indexOf(v) === i);
}

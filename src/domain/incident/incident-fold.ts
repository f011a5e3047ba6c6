// An incident is the fold of its events: current severity and commander, whether it is
// resolved, when the last update was given, which escalations are recorded, and the timeline.
// Several consoles may record the same health change: a health entry that repeats the state
// last recorded for its service is dropped here, so duplicates never reach the timeline.
import type { IncidentEvent, Severity, TimelineEntry } from './incident-events.js';
import { escalationText } from './escalation.js';

export interface Incident {
  id: string;
  profile: string;
  environment: string;
  title: string;
  services: string[];
  severity: Severity;
  commander?: string;
  startedAt: number;
  startedBy: string;
  resolvedAt?: number;
  resolvedBy?: string;
  summary?: string;
  /** First sign of a person working on it after the page: a note or a commander. */
  respondedAt?: number;
  /** The last status update (start, note, severity or commander change): the update clock restarts here. */
  lastUpdateAt: number;
  severityChanges: { at: number; from: Severity; to: Severity }[];
  escalatedLevels: Set<string>;
  /** The incident's own entries, in time order (audit entries are merged in by mergeTimeline). */
  timeline: TimelineEntry[];
}

/** The incident, or undefined when the events do not begin with a start (a damaged file). */
export function foldIncident(events: readonly IncidentEvent[]): Incident | undefined {
  return IncidentFold.of(events)?.snapshot();
}

/**
 * The fold kept between reads, so a process re-reading an incident applies only the events
 * appended since (a 5,000-entry incident is not walked again every 2 s). Events are applied in
 * time order; one older than the last applied (an escalation dated at its threshold) cannot be
 * applied on top, and `append` then says so: the caller folds everything again.
 */
export class IncidentFold {
  private readonly inc: Incident;
  private readonly lastState = new Map<string, string>();
  private lastAt = -Infinity;

  private constructor(private readonly start: Extract<IncidentEvent, { type: 'start' }>) {
    this.inc = {
      id: start.id, profile: start.profile, environment: start.environment, title: start.title, services: [...start.services],
      severity: start.severity, commander: start.commander, startedAt: start.at, startedBy: start.by,
      lastUpdateAt: start.at, severityChanges: [], escalatedLevels: new Set(), timeline: [],
    };
  }

  /** The fold of all `events`, or undefined without a start event. */
  static of(events: readonly IncidentEvent[]): IncidentFold | undefined {
    const start = events.find((e) => e.type === 'start');
    if (!start || start.type !== 'start') return undefined;
    const fold = new IncidentFold(start);
    for (const e of [...events].sort((a, b) => a.at - b.at)) fold.apply(e);
    return fold;
  }

  /** Applies events appended after those already folded; false (nothing applied) when one is older than the last. */
  append(events: readonly IncidentEvent[]): boolean {
    let at = this.lastAt;
    for (const e of events) {
      if (e.at < at) return false;
      at = e.at;
    }
    for (const e of events) this.apply(e);
    return true;
  }

  /** The incident as folded so far: a copy, so a reader holding an older one sees it unchanged. */
  snapshot(): Incident {
    const i = this.inc;
    return { ...i, services: [...i.services], severityChanges: [...i.severityChanges], escalatedLevels: new Set(i.escalatedLevels), timeline: i.timeline.slice() };
  }

  private apply(e: IncidentEvent): void {
    const inc = this.inc;
    this.lastAt = Math.max(this.lastAt, e.at);
    const base = { at: e.at, by: e.by };
    switch (e.type) {
      case 'start':
        if (e !== this.start) break;
        inc.timeline.push({ ...base, kind: 'start', text: `incident started: ${e.severity} "${e.title}"${e.services.length ? ` affecting ${e.services.join(', ')}` : ''}${e.commander ? `, commander ${e.commander}` : ''}` });
        break;
      case 'note':
        inc.respondedAt ??= e.at;
        inc.lastUpdateAt = Math.max(inc.lastUpdateAt, e.at);
        inc.timeline.push({ ...base, kind: 'note', text: e.text });
        break;
      case 'severity':
        if (e.severity === inc.severity) break;
        inc.severityChanges.push({ at: e.at, from: inc.severity, to: e.severity });
        inc.timeline.push({ ...base, kind: 'severity', text: `severity ${inc.severity} → ${e.severity}` });
        inc.severity = e.severity;
        inc.lastUpdateAt = Math.max(inc.lastUpdateAt, e.at);
        break;
      case 'commander':
        inc.respondedAt ??= e.at;
        inc.commander = e.name;
        inc.lastUpdateAt = Math.max(inc.lastUpdateAt, e.at);
        inc.timeline.push({ ...base, kind: 'commander', text: `commander: ${e.name}` });
        break;
      case 'health':
        if (this.lastState.get(e.service) === e.state) break;
        this.lastState.set(e.service, e.state);
        inc.timeline.push({ ...base, kind: 'health', service: e.service, state: e.state, alert: e.state !== 'healthy' && e.state !== 'maintenance', text: `${e.service} ${e.state}${e.detail ? `: ${e.detail}` : ''}` });
        break;
      case 'escalation':
        if (inc.escalatedLevels.has(e.level)) break;
        inc.escalatedLevels.add(e.level);
        inc.timeline.push({ ...base, kind: 'escalation', alert: e.level !== 'L1', text: escalationText(e) });
        break;
      case 'resolve':
        if (inc.resolvedAt !== undefined) break;
        inc.resolvedAt = e.at;
        inc.resolvedBy = e.by;
        inc.summary = e.summary;
        inc.timeline.push({ ...base, kind: 'resolve', text: `resolved${e.summary ? `: ${e.summary}` : ''}` });
        break;
    }
  }
}

/** The incident's entries and those from the audit log, in time order (stable for equal times). */
export function mergeTimeline(own: readonly TimelineEntry[], audit: readonly TimelineEntry[]): TimelineEntry[] {
  return [...own, ...audit].map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}

/** mergeTimeline for two lists already in time order: one linear pass (own entries first on a tie). */
export function mergeSortedTimelines(own: readonly TimelineEntry[], audit: readonly TimelineEntry[]): TimelineEntry[] {
  const out: TimelineEntry[] = new Array<TimelineEntry>(own.length + audit.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < own.length && j < audit.length) out[k++] = audit[j]!.at < own[i]!.at ? audit[j++]! : own[i++]!;
  while (i < own.length) out[k++] = own[i++]!;
  while (j < audit.length) out[k++] = audit[j++]!;
  return out;
}

export interface ServiceImpact {
  service: string;
  /** Time not healthy within the incident (ms), from the recorded health changes. */
  impactMs: number;
  firstBadAt?: number;
  recoveredAt?: number;
  /** Still not healthy when the incident ended (or now). */
  stillBad: boolean;
  /** The worst state recorded, or "not recorded" when no console saw its health. */
  worst: string;
}

const RANK: Record<string, number> = { healthy: 0, maintenance: 0, unknown: 1, degraded: 2, stopped: 3, unhealthy: 4 };

/** Per service: how long it was not healthy between the start and the resolution (or `now`). */
export function serviceImpact(inc: Incident, timeline: readonly TimelineEntry[], now: number): ServiceImpact[] {
  const end = inc.resolvedAt ?? now;
  const names = [...new Set([...inc.services, ...timeline.filter((t) => t.kind === 'health').map((t) => t.service!)])];
  return names.map((service) => {
    let badSince: number | undefined;
    const out: ServiceImpact = { service, impactMs: 0, stillBad: false, worst: 'not recorded' };
    for (const t of timeline) {
      if (t.kind !== 'health' || t.service !== service || t.at > end) continue;
      const at = Math.max(t.at, inc.startedAt);
      const bad = (RANK[t.state!] ?? 1) > 0;
      if (out.worst === 'not recorded' || (RANK[t.state!] ?? 1) > (RANK[out.worst] ?? 0)) out.worst = t.state!;
      if (bad && badSince === undefined) {
        badSince = at;
        out.firstBadAt ??= at;
      } else if (!bad && badSince !== undefined) {
        out.impactMs += at - badSince;
        out.recoveredAt = at;
        badSince = undefined;
      }
    }
    if (badSince !== undefined) {
      out.impactMs += end - badSince;
      out.stillBad = true;
    }
    return out;
  });
}

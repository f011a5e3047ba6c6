// What an incident's file holds: one event per line, appended by any process on the host (the
// console that watches health, `opsdeck incident note` in another shell…). The incident itself
// is the fold of these events (incident-fold.ts); nothing is ever rewritten.

export const SEVERITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

interface Base {
  /** When it happened, ms since epoch. */
  at: number;
  /** user@host of the process that recorded it. */
  by: string;
}

export type IncidentEvent =
  | (Base & { type: 'start'; id: string; profile: string; environment: string; severity: Severity; title: string; services: string[]; commander?: string })
  | (Base & { type: 'note'; text: string })
  | (Base & { type: 'severity'; severity: Severity })
  | (Base & { type: 'commander'; name: string })
  /** A health change of an affected service or one of its dependencies, seen by a console. */
  | (Base & { type: 'health'; service: string; state: string; detail?: string })
  /** An escalation threshold passed; `at` is the threshold, not when a console noticed it. */
  | (Base & { type: 'escalation'; level: string; contact: string; reach?: string; severity: Severity })
  | (Base & { type: 'resolve'; summary?: string });

export type IncidentEventType = IncidentEvent['type'];

/** One line of the timeline as shown and exported: from the incident's events or the audit log. */
export interface TimelineEntry {
  at: number;
  by: string;
  kind: 'start' | 'note' | 'severity' | 'commander' | 'health' | 'escalation' | 'resolve' | 'action' | 'run' | 'step';
  text: string;
  /** Health entries: the service and its new state (impact durations are computed from these). */
  service?: string;
  state?: string;
  /** Run entries: the run, so the incident screen can open it. */
  runId?: string;
  /** A failure, an overdue escalation: shown in red. */
  alert?: boolean;
}

// The escalation path: L1 on-call → L2 manager → L3 … Each contact says after how long (per
// severity) it should be reached. Defaults follow the ops reference: L2 after 15 min for P0 and
// 1 h for P1, L3 after 30 min for P0 and 2 h for P1; P2/P3 stay with the on-call engineer.
import { parseDuration } from '../duration.js';
import type { Severity } from './incident-events.js';

export interface Contact {
  level: string;
  name: string;
  reach?: string;
  /** Per severity: time since the start after which this contact should be reached. Absent: never. */
  afterMs: Partial<Record<Severity, number>>;
}

export interface ContactInput {
  name: string;
  level?: string;
  role?: string;
  reach?: string;
  after?: string | number | Partial<Record<Severity, string | number>>;
}

const MIN = 60_000;

export const DEFAULT_CONTACTS: Contact[] = [
  { level: 'L1', name: 'on-call engineer', afterMs: { P0: 0, P1: 0, P2: 0, P3: 0 } },
  { level: 'L2', name: 'engineering manager', afterMs: { P0: 15 * MIN, P1: 60 * MIN } },
  { level: 'L3', name: 'CTO', afterMs: { P0: 30 * MIN, P1: 120 * MIN } },
];

export function contactsFrom(input: readonly ContactInput[] | undefined): Contact[] {
  if (!input || input.length === 0) return DEFAULT_CONTACTS;
  return input.map((c, i) => {
    const level = c.level ?? `L${i + 1}`;
    const name = c.role ? `${c.name} (${c.role})` : c.name;
    const after = c.after;
    let afterMs: Partial<Record<Severity, number>> = {};
    if (after === undefined) afterMs = i === 0 ? { P0: 0, P1: 0, P2: 0, P3: 0 } : {};
    else if (typeof after === 'object') for (const [s, v] of Object.entries(after)) afterMs[s as Severity] = parseDuration(v as string) ?? 0;
    else {
      const v = parseDuration(after) ?? 0;
      afterMs = { P0: v, P1: v, P2: v, P3: v };
    }
    return { level, name, ...(c.reach ? { reach: c.reach } : {}), afterMs };
  });
}

export interface EscalationDue {
  contact: Contact;
  /** When the threshold passes (ms since epoch). */
  dueAt: number;
}

/** Thresholds of the path for this severity, in time order (level L1 at 0 included). */
export function escalationPlan(contacts: readonly Contact[], severity: Severity, startedAt: number): EscalationDue[] {
  return contacts
    .filter((c) => c.afterMs[severity] !== undefined)
    .map((c) => ({ contact: c, dueAt: startedAt + c.afterMs[severity]! }))
    .sort((a, b) => a.dueAt - b.dueAt);
}

/** Thresholds passed by `now` whose level is not recorded yet (L1 at 0 included: who is paged). */
export function escalationsDue(plan: readonly EscalationDue[], recordedLevels: ReadonlySet<string>, now: number): EscalationDue[] {
  return plan.filter((d) => d.dueAt <= now && !recordedLevels.has(d.contact.level));
}

/** The next threshold still ahead of `now`, for "L2 in 6m". */
export function nextEscalation(plan: readonly EscalationDue[], now: number): EscalationDue | undefined {
  return plan.find((d) => d.dueAt > now);
}

export function escalationText(d: { level: string; contact: string; reach?: string }): string {
  return `reach ${d.level} ${d.contact}${d.reach ? `: ${d.reach}` : ''}`;
}

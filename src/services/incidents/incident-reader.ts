// Reads incidents and the audit log incrementally for a long-lived process (a console re-reads
// them every 2 s): each file is followed by a JsonlTail (only new bytes are parsed), an incident's
// fold is kept and only the events appended since are applied to it, and an incident's audit entries are picked
// from the new audit lines only, then merged with its own entries in one linear pass. A file
// read again from the start (truncated, rotated) drops what was derived from it.
// Every event and audit entry is masked as it is parsed, so each reader (show, show --json, the
// console's incident screen and header, the postmortem) gets masked text from this one place: a
// note written by a shell that lacked a secret's value is stored raw, and only a reader that has
// the value can mask it. Only the newly appended lines are masked on each read.
import { createJsonlTail, type JsonlTail } from '../../adapters/fs/jsonl-tail.js';
import { incidentFile } from '../../adapters/fs/incident-store.js';
import { auditPath } from '../../adapters/fs/audit-log.js';
import type { IncidentEvent, TimelineEntry } from '../../domain/incident/incident-events.js';
import { IncidentFold, mergeSortedTimelines, type Incident } from '../../domain/incident/incident-fold.js';
import { auditTimeline, type AuditLike } from '../../domain/incident/audit-timeline.js';

export interface IncidentReader {
  /** The incident as its file says now (undefined: no file, or no start event). */
  load(id: string): Incident | undefined;
  /** The incident's own entries merged with what the audit log recorded while it was open. */
  timeline(inc: Incident): TimelineEntry[];
}

interface Folded {
  generation: number;
  count: number;
  fold: IncidentFold | undefined;
  inc: Incident | undefined;
}

interface AuditPart {
  key: string;
  generation: number;
  processed: number;
  entries: TimelineEntry[];
  sorted: boolean;
  own?: readonly TimelineEntry[];
  merged?: TimelineEntry[];
  mergedCount: number;
}

const AUDIT_FIELDS = ['ts', 'action', 'user', 'host', 'profile', 'environment', 'runbook', 'runId', 'step', 'command', 'outcome', 'detail'] as const;

/** Only the fields the timeline words (no hashes, MACs or sequence numbers kept in memory). */
function pickAudit(raw: unknown): AuditLike | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.ts !== 'string' || typeof r.action !== 'string') return undefined;
  const out: Record<string, unknown> = {};
  for (const k of AUDIT_FIELDS) if (r[k] !== undefined) out[k] = r[k];
  return out as unknown as AuditLike;
}

/** Event fields that are names and states, never free text: masking them could change the fold. */
const STRUCTURAL = new Set(['type', 'at', 'id', 'profile', 'environment', 'severity', 'services', 'service', 'state', 'level']);

/** The event with every free-text field (title, note, commander, detail, summary, contact, by…) masked. */
export function maskIncidentEvent(e: IncidentEvent, mask: (s: string) => string): IncidentEvent {
  if (!e || typeof e !== 'object') return e;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[k] = typeof v === 'string' && !STRUCTURAL.has(k) ? mask(v) : v;
  return out as unknown as IncidentEvent;
}

/** The audit fields the timeline shows as text; the others (profile, environment, runId…) pick the window. */
const AUDIT_TEXT = ['user', 'host', 'runbook', 'step', 'command', 'outcome', 'detail'] as const;

function maskAudit(a: AuditLike, mask: (s: string) => string): AuditLike {
  const out: Record<string, unknown> = { ...a };
  for (const k of AUDIT_TEXT) if (typeof out[k] === 'string') out[k] = mask(out[k]);
  return out as unknown as AuditLike;
}

/** `mask`: the profile's redactor (declared secrets whose values this process has, credential shapes). */
export function createIncidentReader(env: NodeJS.ProcessEnv, mask: (s: string) => string): IncidentReader {
  const tails = new Map<string, JsonlTail<IncidentEvent>>();
  const folded = new Map<string, Folded>();
  const parts = new Map<string, AuditPart>();
  let audit: JsonlTail<AuditLike> | undefined;

  const tailOf = (id: string) => {
    let t = tails.get(id);
    if (!t) tails.set(id, (t = createJsonlTail<IncidentEvent>(incidentFile(id, env), (raw) => maskIncidentEvent(raw as IncidentEvent, mask))));
    return t;
  };

  return {
    load(id) {
      const t = tailOf(id).read();
      const prev = folded.get(id);
      const count = t.records.length;
      if (prev && prev.generation === t.generation && prev.count === count) return prev.inc;
      // Only the appended events are applied, unless the file started over or one of them is
      // older than what was folded (then everything is folded again).
      const fold = prev?.fold && prev.generation === t.generation && prev.count < count && prev.fold.append(t.records.slice(prev.count))
        ? prev.fold
        : IncidentFold.of(t.records);
      const inc = fold?.snapshot();
      folded.set(id, { generation: t.generation, count, fold, inc });
      return inc;
    },
    timeline(inc) {
      audit ??= createJsonlTail(auditPath(env), (raw) => {
        const a = pickAudit(raw);
        return a && maskAudit(a, mask);
      });
      const a = audit.read();
      const window = { profile: inc.profile, environment: inc.environment, from: inc.startedAt, to: inc.resolvedAt };
      const key = `${inc.profile}\0${inc.environment}\0${inc.startedAt}\0${inc.resolvedAt ?? ''}`;
      let p = parts.get(inc.id);
      if (!p || p.key !== key || p.generation !== a.generation) {
        p = { key, generation: a.generation, processed: 0, entries: [], sorted: true, mergedCount: -1 };
        parts.set(inc.id, p);
      }
      if (p.processed < a.records.length) {
        const fresh = auditTimeline(a.records.slice(p.processed), window);
        for (const e of fresh) {
          if (p.entries.length && e.at < p.entries[p.entries.length - 1]!.at) p.sorted = false;
          p.entries.push(e);
        }
        p.processed = a.records.length;
      }
      if (p.merged && p.own === inc.timeline && p.mergedCount === p.entries.length) return p.merged;
      // Audit entries are written in time order under the audit lock; a clock stepped back may
      // break that, and then they are sorted (stably) first.
      if (!p.sorted) {
        p.entries = p.entries.map((e, i) => ({ e, i })).sort((x, y) => x.e.at - y.e.at || x.i - y.i).map((x) => x.e);
        p.sorted = true;
      }
      p.own = inc.timeline;
      p.mergedCount = p.entries.length;
      p.merged = mergeSortedTimelines(inc.timeline, p.entries);
      return p.merged;
    },
  };
}

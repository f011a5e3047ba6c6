// A long-lived process's incident reads: what it folds incrementally (only appended events
// applied) is what a fresh fold of the whole file says, also when an event older than the
// last one arrives (an escalation dated at its threshold) and when the file starts over; the
// audit log's new lines join the timeline, and nothing is re-read when nothing changed.
import { afterAll, describe, expect, it } from 'vitest';
import { truncateSync } from 'node:fs';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { shopProfile } from '../../helpers/console-session.js';
import { createIncidentDesk } from '../../../src/services/incidents/incident-desk.js';
import { createIncidentReader } from '../../../src/services/incidents/incident-reader.js';
import { appendIncidentEvent, incidentFile, readIncidentEvents } from '../../../src/adapters/fs/incident-store.js';
import { foldIncident, mergeTimeline } from '../../../src/domain/incident/incident-fold.js';
import { auditTimeline } from '../../../src/domain/incident/audit-timeline.js';
import { AuditLog, auditPath } from '../../../src/adapters/fs/audit-log.js';
import { readJsonLines } from '../../../src/adapters/fs/jsonl-journal.js';
import type { AuditLike } from '../../../src/domain/incident/audit-timeline.js';
import type { Incident } from '../../../src/domain/incident/incident-fold.js';

const by = 'ana@host';

function setup() {
  const env = { ...process.env, OPSDECK_STATE_DIR: tempDir() };
  const profile = shopProfile();
  const desk = createIncidentDesk({ profile, env, by });
  const inc = desk.start({ environment: 'local', severity: 'P2', title: 'slow api', services: ['api'] });
  const full = () => foldIncident(readIncidentEvents(inc.id, env).records)!;
  const fullTimeline = (i: Incident) =>
    mergeTimeline(i.timeline, auditTimeline(readJsonLines<AuditLike>(auditPath(env)).records, { profile: i.profile, environment: i.environment, from: i.startedAt, to: i.resolvedAt }));
  return { env, profile, inc, full, fullTimeline, reader: createIncidentReader(env, (s) => s) };
}

const plain = (i: Incident) => ({ ...i, escalatedLevels: [...i.escalatedLevels] });

describe('incident reader', () => {
  afterAll(removeTempDirs);

  it('applies appended events to its fold and agrees with a fold of the whole file', () => {
    const { env, inc, full, reader } = setup();
    const t0 = inc.startedAt;
    const first = reader.load(inc.id)!;
    const base = first.timeline.length; // the start, and the L1 hint recorded with it
    for (let i = 1; i <= 50; i++) appendIncidentEvent(inc.id, { type: 'health', at: t0 + i, by, service: 'api', state: i % 2 ? 'unhealthy' : 'healthy' }, env);
    appendIncidentEvent(inc.id, { type: 'health', at: t0 + 51, by, service: 'api', state: 'healthy' }, env); // a repeat: dropped
    appendIncidentEvent(inc.id, { type: 'note', at: t0 + 52, by, text: 'restarted api' }, env);
    appendIncidentEvent(inc.id, { type: 'severity', at: t0 + 53, by, severity: 'P1' }, env);
    const later = reader.load(inc.id)!;
    expect(plain(later)).toEqual(plain(full()));
    expect(later.timeline).toHaveLength(base + 50 + 2);
    // The copy handed out before is unchanged (a store compares old and new).
    expect(first.timeline).toHaveLength(base);
    expect(first.severity).toBe('P2');
    // Nothing new: the same object.
    expect(reader.load(inc.id)).toBe(later);
  });

  it('folds again when an event older than the last one arrives', () => {
    const { env, inc, full, reader } = setup();
    const t0 = inc.startedAt;
    appendIncidentEvent(inc.id, { type: 'note', at: t0 + 60_000, by, text: 'later note' }, env);
    reader.load(inc.id);
    appendIncidentEvent(inc.id, { type: 'escalation', at: t0 + 30_000, by, level: 'L9', contact: 'someone', severity: 'P2' }, env);
    const inc2 = reader.load(inc.id)!;
    expect(plain(inc2)).toEqual(plain(full()));
    expect(inc2.timeline.map((t) => t.text).slice(-2)).toEqual([expect.stringContaining('someone'), 'later note']);
  });

  it('starts over when the file was truncated', () => {
    const { env, inc, reader } = setup();
    appendIncidentEvent(inc.id, { type: 'note', at: inc.startedAt + 1, by, text: 'x' }, env);
    expect(reader.load(inc.id)).toBeDefined();
    truncateSync(incidentFile(inc.id, env), 0);
    expect(reader.load(inc.id)).toBeUndefined();
  });

  it('merges new audit lines into the timeline, as a whole re-read would', () => {
    const { env, inc, reader, fullTimeline, full } = setup();
    const audit = new AuditLog({ env });
    const base = reader.timeline(reader.load(inc.id)!).length;
    audit.append({ action: 'run.start', profile: 'shop', environment: 'local', runbook: 'triage', runId: 'r1' });
    audit.append({ action: 'run.start', profile: 'shop', environment: 'staging', runbook: 'triage', runId: 'r2' });
    appendIncidentEvent(inc.id, { type: 'note', at: Date.now() + 5, by, text: 'looking' }, env);
    audit.append({ action: 'step.finish', profile: 'shop', environment: 'local', runbook: 'triage', runId: 'r1', step: 'bundle', outcome: 'failed' });
    const now = reader.load(inc.id)!;
    const tl = reader.timeline(now);
    expect(tl).toEqual(fullTimeline(full()));
    expect(tl.slice(base).map((t) => t.kind).sort()).toEqual(['note', 'run', 'step']);
    expect(reader.timeline(now)).toBe(tl);
    // Resolved: the window closes, entries after it are not the incident's.
    appendIncidentEvent(inc.id, { type: 'resolve', at: Date.now() + 10, by }, env);
    const resolved = reader.load(inc.id)!;
    audit.append({ action: 'run.start', profile: 'shop', environment: 'local', runbook: 'after', runId: 'r3' });
    const after = reader.timeline(resolved);
    expect(after).toEqual(fullTimeline(full()));
  });
});

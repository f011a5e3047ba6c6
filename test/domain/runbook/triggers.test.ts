import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toRunbook } from '../../../src/domain/runbook/runbook-model.js';
import { runbookSchemas } from '../../../src/domain/runbook/runbook-schema.js';
import { compileLogMatch, logHitKey, matchRunbooks, prefillInputs } from '../../../src/domain/runbook/triggers.js';
import { loadRunbookFile } from '../../../src/adapters/fs/runbook-loader.js';
import { tempDir } from '../../helpers/temp-dir.js';

const rb = (o: Record<string, unknown>) => toRunbook(runbookSchemas().runbookSchema.parse({ steps: [{ id: 's', manual: 'x' }], ...o }));

describe('trigger matching', () => {
  const restart = rb({ name: 'api-restart', services: ['api'], triggers: { unhealthy: ['api'] } });
  const timeouts = rb({ name: 'timeouts', triggers: { log: { service: 'api', match: '/timed out/' } } });
  const vacuum = rb({ name: 'db-vacuum', services: ['db'] });
  const triage = rb({ name: 'triage', kind: 'incident' });
  const all = [vacuum, triage, timeouts, restart];

  it('fired first (earliest symptom first), then the runbooks about the service, then generic incident ones', () => {
    const healthy = matchRunbooks(all, { services: ['api'], health: { api: 'healthy' } }, { includeIncidentKind: true });
    expect(healthy.map((m) => [m.runbook.name, m.why])).toEqual([['timeouts', 'about'], ['api-restart', 'about'], ['triage', 'incident']]);
    const both = matchRunbooks(all, { services: ['api'], health: { api: 'unhealthy' }, badSince: { api: 2000 }, logHits: new Map([[logHitKey('timeouts', 'api'), 1000]]) });
    expect(both.map((m) => [m.runbook.name, m.fired])).toEqual([['timeouts', 'api log: /timed out/'], ['api-restart', 'api unhealthy']]);
    expect(matchRunbooks(all, { services: ['db'], health: { db: 'stopped' } }).map((m) => m.runbook.name)).toEqual(['db-vacuum']);
  });

  it('log matches: /regex/flags or plain text (case-insensitive)', () => {
    expect(compileLogMatch('/timed\\s+out/').test('request timed  out')).toBe(true);
    expect(compileLogMatch('/Timed out/').test('timed out')).toBe(false);
    expect(compileLogMatch('/Timed out/i').test('timed out')).toBe(true);
    expect(compileLogMatch('disk full (ENOSPC)').test('write: DISK FULL (enospc)')).toBe(true);
  });

  it('prefills inputs named after the service or the environment', () => {
    const r = rb({ name: 'x', inputs: [{ name: 'service' }, { name: 'env' }, { name: 'other' }] });
    expect(prefillInputs(r, 'api', 'production')).toEqual({ service: 'api', env: 'production' });
  });

  it('a bad log pattern or an unknown service is reported at file:line:col', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nservices: [ap]\ntriggers:\n  log: { service: api, match: "/(unclosed/" }\nsteps: [{ id: s, manual: x }]\n');
    const profile = { name: 'shop', environments: { local: {} as never }, services: { api: {} as never, db: {} as never } };
    const problems = loadRunbookFile(file, [profile]).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^4:\d+: invalid regular expression/), expect.stringMatching(/^2:\d+: unknown service "ap" in profile shop \(did you mean "api"\?\)/)]));
  });
});

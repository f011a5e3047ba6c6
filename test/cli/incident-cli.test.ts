// `opsdeck incident …` on the real binary: the whole life of an incident from the shell, the
// postmortem export (every template section, no secret value anywhere), and the refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { ensureBuilt, runCli } from '../helpers/run-cli.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';

describe('opsdeck incident', () => {
  const secret = `s3cr3t-${randomBytes(8).toString('hex')}`;
  let env: NodeJS.ProcessEnv;
  // A small ops dir of this test's own: a profile with a declared secret, a private state dir.
  const demo = { dir: '', stateDir: '' };
  beforeAll(() => {
    ensureBuilt();
    demo.dir = tempDir('opsdeck-incident-cli-');
    demo.stateDir = join(demo.dir, '.state');
    mkdirSync(join(demo.dir, 'profiles'));
    writeFileSync(join(demo.dir, 'profiles', 'demo.yaml'), 'name: demo\nenvironments: { local: {}, production: { protected: true } }\nsecrets: [DEMO_API_TOKEN]\nservices:\n  store: {}\n  api: { depends_on: [store] }\n');
    env = { ...process.env, OPSDECK_DIR: demo.dir, OPSDECK_STATE_DIR: demo.stateDir, OPSDECK_PROFILE: 'demo', DEMO_API_TOKEN: secret };
  });
  afterAll(removeTempDirs);
  const cli = (...args: string[]) => runCli(args, env);

  it('start, note, severity, assign, resolve, show, list, export: secrets masked everywhere', async () => {
    const start = await cli('incident', 'start', '--severity', 'p2', '--title', `api token ${secret} leaked?`, '--service', 'api', '--service', 'store');
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/^INC-1 started: P2 "api token •••••• leaked\?" in local — respond within 2h, update every 24h/);
    expect((await cli('incident', 'note', `curl -H "Authorization: Bearer ${secret}" failed`)).code).toBe(0);
    expect((await cli('incident', 'severity', 'P1')).stdout).toContain('INC-1: severity P1');
    expect((await cli('incident', 'assign', 'INC-1', 'ana')).code).toBe(0);
    const listed = JSON.parse((await cli('incident', 'list', '--json')).stdout);
    expect(listed).toMatchObject({ version: 1, profile: 'demo', incidents: [{ id: 'INC-1', severity: 'P1', state: 'open', commander: 'ana', environment: 'local', services: ['api', 'store'] }] });
    expectJsonVocabulary(listed);
    expect(listed.incidents[0].startedAt).toMatch(/Z$/);
    expect(typeof listed.incidents[0].elapsedMs).toBe('number');
    expect((await cli('incident', 'resolve', '1', '--summary', `rotated ${secret}`)).code).toBe(0);

    const show = await cli('incident', 'show', 'INC-1');
    expect(show.stdout).toContain('INC-1 P1 api token •••••• leaked?');
    expect(show.stdout).toMatch(/severity P2 → P1/);
    expect(show.stdout).toMatch(/commander: ana/);
    const json = JSON.parse((await cli('incident', 'show', 'INC-1', '--json')).stdout);
    expectJsonVocabulary(json);
    expect(json).toMatchObject({ version: 1, id: 'INC-1', state: 'resolved', summary: 'rotated ••••••' });
    expect(json.timeline.map((t: { kind: string }) => t.kind)).toEqual(['start', 'escalation', 'note', 'severity', 'commander', 'resolve']);

    const out = join(demo.dir, 'pm.md');
    const exp = await cli('incident', 'export', 'INC-1', '-o', out);
    expect(exp.code, exp.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    for (const h of ['## Summary', '## Impact', '## Timeline', '## Root Cause Analysis', '### Contributing Factors', '## Action Items', '## Lessons Learned']) expect(md).toContain(h);
    expect(md).toContain('- Severity: P2 → P1');
    expect(statSync(out).mode & 0o077).toBe(0);
    // No byte opsdeck wrote holds the secret: the outputs, the export, the incident file.
    const everything = [start.stdout, show.stdout, JSON.stringify(json), md, ...readdirSync(join(demo.stateDir, 'incidents')).map((f) => readFileSync(join(demo.stateDir, 'incidents', f), 'utf8'))].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.slice(0, 10));
  }, 60_000);

  it('refuses what cannot be done, exit 2 with a message', async () => {
    const unknown = await cli('incident', 'note', 'INC-99', 'hello');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no incident "INC-99"/);
    const resolved = await cli('incident', 'note', 'INC-1', 'late');
    expect(resolved.code).toBe(2);
    expect(resolved.stderr).toMatch(/INC-1 is resolved/);
    const badSev = await cli('incident', 'start', '--severity', 'P7', '--title', 'x');
    expect(badSev.code).toBe(2);
    expect(badSev.stderr).toMatch(/severity "P7" is not one of P0, P1, P2, P3/);
    const svc = await cli('incident', 'start', '--severity', 'P3', '--title', 'x', '--service', 'nope');
    expect(svc.code).toBe(2);
    expect(svc.stderr).toMatch(/no service "nope"/);
    expect((await cli('incident', 'note', 'nothing open')).stderr).toMatch(/no open incident/);
  }, 60_000);
});

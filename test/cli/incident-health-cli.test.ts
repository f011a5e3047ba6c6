// Health changes reach an open incident from whatever opsdeck process checks health, not only a
// console: on a host with only shell use, `opsdeck status` records them; two processes seeing the
// same change (two `status` at once, two `status --watch` side by side) record it exactly once.
// Real binary, real HTTP health endpoint on loopback, real incident files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { ensureBuilt, runCli, startCli } from '../helpers/run-cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/http-fixtures.js';
import { until } from '../helpers/until.js';

interface HealthEvent { type: string; service?: string; state?: string; detail?: string; by?: string }

describe('health recorded in an open incident by CLI processes', () => {
  let server: FixtureServer;
  let env: NodeJS.ProcessEnv;
  let stateDir: string;
  beforeAll(async () => {
    ensureBuilt();
    server = await startFixtureServer();
    const dir = tempDir('opsdeck-incident-health-');
    stateDir = join(dir, '.state');
    mkdirSync(join(dir, 'profiles'));
    // api depends on db; web is neither affected nor a dependency: its health is not the incident's.
    writeFileSync(join(dir, 'profiles', 'shop.yaml'), `name: shop
environments: { local: {} }
services:
  db:
    health: [{ tcp: { host: 127.0.0.1, port: ${server.port} } }]
  api:
    depends_on: [db]
    health: [{ http: { url: "${server.url}/", status: 200 } }]
  web:
    health: [{ http: { url: "${server.url}/", status: 200 } }]
`);
    env = { ...process.env, OPSDECK_DIR: dir, OPSDECK_STATE_DIR: stateDir, OPSDECK_PROFILE: 'shop' };
  });
  afterAll(async () => {
    await server?.close();
    removeTempDirs();
  });

  const health = (id: string): HealthEvent[] =>
    readFileSync(join(stateDir, 'incidents', `${id}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as HealthEvent).filter((e) => e.type === 'health');
  const summary = (id: string) => health(id).map((e) => `${e.service} ${e.state}`);

  it('two `status` at once record each change of the affected service and its dependency once', async () => {
    server.mode = 'ok';
    const start = await runCli(['incident', 'start', '--severity', 'P1', '--title', 'api errors', '--service', 'api'], env);
    expect(start.code, start.stderr).toBe(0);
    // No console anywhere: two shells check at the same moment.
    const [a, b] = await Promise.all([runCli(['status'], env), runCli(['status', '--json'], env)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(summary('INC-1').sort()).toEqual(['api healthy', 'db healthy']);

    server.mode = 'fail';
    const [c, d] = await Promise.all([runCli(['status'], env), runCli(['status'], env)]);
    expect([c.code, d.code]).toEqual([1, 1]);
    expect(summary('INC-1').filter((s) => s.startsWith('api'))).toEqual(['api healthy', 'api unhealthy']);
    expect(health('INC-1').find((e) => e.state === 'unhealthy')!.detail).toMatch(/503/);

    server.mode = 'ok';
    await Promise.all([runCli(['status'], env), runCli(['status'], env)]);
    expect(summary('INC-1').filter((s) => s.startsWith('api'))).toEqual(['api healthy', 'api unhealthy', 'api healthy']);
    // web is not the incident's: never recorded.
    expect(summary('INC-1').some((s) => s.startsWith('web'))).toBe(false);
    // And the timeline shows them in order.
    const show = await runCli(['incident', 'show', 'INC-1', '--json'], env);
    const kinds = (JSON.parse(show.stdout).timeline as { kind: string; text: string }[]).filter((t) => t.kind === 'health').map((t) => t.text.split(':')[0]);
    expect(kinds.filter((k) => k!.startsWith('api'))).toEqual(['api healthy', 'api unhealthy', 'api healthy']);
    expect((await runCli(['incident', 'resolve', 'INC-1'], env)).code).toBe(0);
  }, 120_000);

  it('two `status --watch` side by side record each change once, cycle after cycle', async () => {
    server.mode = 'ok';
    const start = await runCli(['incident', 'start', '--severity', 'P2', '--title', 'flapping api', '--service', 'api'], env);
    expect(start.code, start.stderr).toBe(0);
    const id = start.stdout.split(' ')[0]!;
    const watchers = [0, 1].map(() => {
      const w = startCli(['status', '--watch', '--json', '--interval', '150ms'], env);
      const seen = { cycles: 0, last: '' };
      w.child.stdout!.on('data', (d: Buffer) => {
        const lines = d.toString().split('\n').filter(Boolean);
        seen.cycles += lines.length;
        seen.last = lines[lines.length - 1] ?? seen.last;
      });
      return { ...w, seen };
    });
    try {
      // Each flip: both watchers see the new state for several cycles before the next one.
      const flips: ('ok' | 'fail')[] = ['ok', 'fail', 'ok', 'fail', 'ok'];
      for (const mode of flips) {
        server.mode = mode;
        const want = mode === 'ok' ? 'healthy' : 'unhealthy';
        for (const w of watchers) {
          const from = w.seen.cycles;
          await until(`a watcher sees api ${want}`, () => w.seen.cycles >= from + 3 && (JSON.parse(w.seen.last) as { services: { name: string; state: string }[] }).services.find((s) => s.name === 'api')!.state === want, 30_000);
        }
      }
      const api = summary(id).filter((s) => s.startsWith('api'));
      expect(api).toEqual(flips.map((m) => `api ${m === 'ok' ? 'healthy' : 'unhealthy'}`));
      expect(summary(id).filter((s) => s.startsWith('db'))).toEqual(['db healthy']);
    } finally {
      for (const w of watchers) w.child.kill('SIGINT');
      await Promise.all(watchers.map((w) => w.done));
    }
  }, 180_000);
});

// `opsdeck status` as a real child process against real loopback servers and real profile files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFixtureServer, type FixtureServer } from '../helpers/http-fixtures.js';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { ensureBuilt, runCli, startCli, REPO } from '../helpers/run-cli.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';

let server: FixtureServer;
let stateDir: string;

beforeAll(async () => {
  ensureBuilt();
  server = await startFixtureServer();
  stateDir = tempDir('opsdeck-state-');
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

function opsDir(profile: string, name = 'shop'): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'profiles'));
  writeFileSync(join(dir, 'profiles', `${name}.yaml`), profile);
  return dir;
}

const profile = (dbPath: string) => `name: shop
environments:
  local: { vars: { base: "${server.url}" } }
  staging: { vars: { base: "${server.url}" } }
secrets: [SHOP_TOKEN]
services:
  db:
    health:
      - name: db-http
        http: { url: "{{ vars.base }}${dbPath}", status: 200 }
  api:
    depends_on: [db]
    health:
      - http: { url: "{{ vars.base }}/ok", json: { path: "items[0].state", equals: green } }
      - tcp: { port: ${server.port} }
  web:
    depends_on: [api]
    health:
      - command: ["${process.execPath}", -e, "process.exit(0)"]
`;

const status = (dir: string, ...more: string[]) => runCli(['status', '--dir', dir, ...more], { OPSDECK_STATE_DIR: stateDir });

describe('opsdeck status', () => {
  it('exits 0 with the documented JSON shape when everything is healthy', async () => {
    const r = await status(opsDir(profile('/ok')), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['version', 'profile', 'environment', 'checkedAt', 'healthy', 'services', 'inMaintenance', 'maintenance', 'dr']);
    expectJsonVocabulary(j);
    expect(j).toMatchObject({ profile: 'shop', environment: 'local', healthy: true });
    expect(new Date(j.checkedAt).toISOString()).toBe(j.checkedAt);
    expect(j.services.map((s: { name: string }) => s.name)).toEqual(['db', 'api', 'web']);
    const api = j.services[1];
    expect(Object.keys(api)).toEqual(['name', 'state', 'run', 'hosts', 'latencyMs', 'lastCheckAt', 'blockedBy', 'rootCause', 'unreachable', 'missing', 'checks', 'instances', 'runbooks', 'inMaintenance']);
    expect(api.instances).toEqual([]); // not a docker service: no instances
    expect(api).toMatchObject({ name: 'api', state: 'healthy', run: 'unknown', blockedBy: [], rootCause: null, unreachable: false, missing: false });
    expect(typeof api.latencyMs).toBe('number');
    expect(api.checks).toEqual([
      { name: 'http#1', kind: 'http', host: null, ok: true, slow: false, latencyMs: expect.any(Number), error: null },
      { name: 'tcp#2', kind: 'tcp', host: null, ok: true, slow: false, latencyMs: expect.any(Number), error: null },
    ]);
    expect(j.services[2].checks[0]).toMatchObject({ name: 'command#1', kind: 'command', ok: true });
  });

  it('exits 1 and names the failing check and the root cause', async () => {
    const dir = opsDir(profile('/fail').replace('status: 200', 'status: 200 }\n      - http: { url: "{{ vars.base }}/fail", status: 200'));
    const r = await status(dir, '--json', '--env', 'staging');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ environment: 'staging', healthy: false });
    const [db, api, web] = j.services;
    expect(db).toMatchObject({ state: 'unhealthy', checks: [{ name: 'db-http', ok: false, error: 'status 503 (expected 200)' }, { ok: false }] });
    expect(api).toMatchObject({ state: 'healthy', blockedBy: ['db'], rootCause: 'db' });
    expect(web).toMatchObject({ blockedBy: [], rootCause: null });
  });

  it('prints a plain table without a terminal (no colour codes)', async () => {
    const r = await runCli(['status', '--dir', opsDir(profile('/fail'))], { OPSDECK_STATE_DIR: stateDir, NO_COLOR: '', FORCE_COLOR: '1' });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^shop · local · checked \d\d:\d\d:\d\d UTC$/);
    expect(lines[1]).toMatch(/^SERVICE\s+STATE\s+HEALTH\s+LATENCY\s+LAST-CHECK\s+DETAIL$/);
    // External services (no docker:, no process:): STATE says so, as the console's home screen does (it said "unknown").
    expect(lines[2]).toMatch(/^db\s+external\s+unhealthy\s+\d+ms\s+\S+ ago\s+db-http: status 503 \(expected 200\)$/);
    expect(lines[3]).toMatch(/^api\s+external\s+healthy\s+.*depends on db, not healthy$/);
    expect(lines[4]).toMatch(/^web\s+external\s+healthy/);
    expect(lines.at(-1)).toBe('3 service(s): 2 healthy, 1 unhealthy');
  });

  it('exits 2 on a broken profile, an unknown environment or a bad flag', async () => {
    const broken = tempDir();
    mkdirSync(join(broken, 'profiles'));
    copyFileSync(join(REPO, 'test/fixtures/profiles/toast-typos.yaml'), join(broken, 'profiles', 'shop.yaml'));
    const r1 = await status(broken);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/shop\.yaml:\d+:\d+: /);
    expect(r1.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const r2 = await status(opsDir(profile('/ok')), '--env', 'prod');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('no environment "prod"');

    const r3 = await status(opsDir(profile('/ok')), '--bogus');
    expect(r3.code).toBe(2);
    const r4 = await status(opsDir(profile('/ok')), '--watch', '--interval', 'soon');
    expect(r4.code).toBe(2);
  });

  it('with several profiles, lists them and exits 2 unless --profile picks one', async () => {
    const dir = opsDir(profile('/ok'));
    writeFileSync(join(dir, 'profiles', 'other.yaml'), 'name: other\nenvironments: { local: {} }\nservices: {}\n');
    const r = await status(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('several profiles, pick one with --profile NAME (or OPSDECK_PROFILE): other, shop');
    const ok = await status(dir, '--profile', 'other', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ profile: 'other', healthy: true, services: [] });
  });

  it('--watch prints a table per cycle without a terminal and exits cleanly on Ctrl-C', async () => {
    const { child, done } = startCli(['status', '--dir', opsDir(profile('/ok')), '--watch', '--interval', '300ms'], { OPSDECK_STATE_DIR: stateDir });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 15_000;
    while ((out.match(/^SERVICE/gm) ?? []).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const r = await done;
    expect((r.stdout.match(/^SERVICE/gm) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('--watch --json prints one JSON document per line and exits 1 when unhealthy', async () => {
    const { child, done } = startCli(['status', '--dir', opsDir(profile('/fail')), '--watch', '--json', '--interval', '300ms'], { OPSDECK_STATE_DIR: stateDir });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 15_000;
    while (out.split('\n').filter(Boolean).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const r = await done;
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs.length).toBeGreaterThanOrEqual(2);
    for (const d of docs) expect(d).toMatchObject({ version: 1, profile: 'shop', healthy: false });
    docs.forEach(expectJsonVocabulary);
    expect(r.code).toBe(1);
  });
});

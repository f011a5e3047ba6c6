// The demo runbooks doing their job on a private copy of the demo, through the real binary.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DEMO_LOCK_TIMEOUT_MS, makeDemoOpsDir, type DemoOpsDir } from '../helpers/demo-ops-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { selectProfile } from '../../src/adapters/fs/profile-loader.js';
import { createRunbookServices, type RunbookServices } from '../../src/services/runs/runbook-service-actions.js';

let demo: DemoOpsDir;
let services: RunbookServices;

async function apiVersion(): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${demo.ports.local!.api}/version`, { signal: AbortSignal.timeout(5000) });
  return ((await r.json()) as { version: string }).version;
}

beforeAll(async () => {
  demo = await makeDemoOpsDir();
  const profile = selectProfile(demo.dir, 'demo');
  services = createRunbookServices(profile, profile.environments.local!, { stateDir: demo.stateDir, env: demo.env });
  await services.actions.start(['store', 'api']);
}, DEMO_LOCK_TIMEOUT_MS);

afterAll(async () => {
  await services?.close();
  await demo?.cleanup();
});

describe('demo runbooks', () => {
  it('deploy of a bad version rolls back automatically; the api is healthy again on the old version', async () => {
    expect(await apiVersion()).toBe('1.0.0');
    const r = await runCli(['run', 'deploy', '--env', 'local', '--input', 'version=2.0.0-bad', '--yes'], demo.env);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/rolling back install, current \(newest first\)/);
    expect(r.stdout).toMatch(/Run failed \(rolled back\)/);
    expect(readFileSync(join(demo.dataDirs.local!, 'api.version'), 'utf8').trim()).toBe('1.0.0');
    await services.actions.waitHealthy(['api'], 20_000);
    expect(await apiVersion()).toBe('1.0.0');
  }, 180_000);

  it('deploy of a good version passes the gate and the smoke check', async () => {
    const r = await runCli(['run', 'deploy', '--env', 'local', '--input', 'version=2.1.0', '--yes'], demo.env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await apiVersion()).toBe('2.1.0');
  }, 180_000);

  it('backup then restore: the data comes back as it was in the backup', async () => {
    const orders = join(demo.dataDirs.local!, 'orders');
    // Orders through the store's own API, so the data is what the demo writes.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${demo.ports.local!.store}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: `widget-${i}`, qty: i + 1 }) });
      expect(res.status).toBeLessThan(300);
    }
    const before = readdirSync(orders).filter((f) => f.endsWith('.json')).sort();
    expect(before.length).toBeGreaterThanOrEqual(3);
    const contents = Object.fromEntries(before.map((f) => [f, readFileSync(join(orders, f), 'utf8')]));

    const b = await runCli(['run', 'backup', '--env', 'local', '--input', 'label=before-test', '--yes'], demo.env);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    const backups = readdirSync(`${demo.dataDirs.local}-backups`);
    expect(backups).toHaveLength(1);
    const backupDir = join(`${demo.dataDirs.local}-backups`, backups[0]!);
    expect(readdirSync(backupDir).sort()).toEqual(['DATA.sha256', 'SHA256SUMS', 'data.tar.gz']);

    // Damage the data: lose an order, change one, add a stray one.
    rmSync(join(orders, before[0]!));
    writeFileSync(join(orders, before[1]!), '{"tampered":true}\n');
    writeFileSync(join(orders, 'stray.json'), '{"id":"stray"}\n');

    // Without a terminal and without --yes the restore stops before the first confirmed step.
    const stopped = await runCli(['run', 'restore', '--env', 'local', '--input', `backup=${backups[0]}`], demo.env);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/step "stop" needs a confirmation: pass --yes/);
    expect(existsSync(join(orders, 'stray.json'))).toBe(true);

    const r = await runCli(['run', 'restore', '--env', 'local', '--input', `backup=${backups[0]}`, '--yes'], demo.env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const after = readdirSync(orders).filter((f) => f.endsWith('.json')).sort();
    expect(after).toEqual(before);
    for (const f of before) expect(readFileSync(join(orders, f), 'utf8')).toBe(contents[f]);
    await services.actions.waitHealthy(['store', 'api'], 20_000);
  }, 240_000);

  it('restore refuses a backup that is not one of the choices, naming the input', async () => {
    const r = await runCli(['run', 'restore', '--env', 'local', '--input', 'backup=../../etc', '--yes'], demo.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/input "backup": "..\/..\/etc" is not one of the choices/);
  }, 60_000);

  it('incident triage collects status, masked logs and environment into a tarball', async () => {
    const r = await runCli(['run', 'incident-triage', '--env', 'local', '--yes'], { ...demo.env, DEMO_API_TOKEN: 'triage-secret-value-123', OTHER_TOKEN: 'plain-visible-token' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const root = `${demo.dataDirs.local}-triage`;
    const dirs = readdirSync(root).filter((d) => !d.endsWith('.tar.gz'));
    expect(dirs).toHaveLength(1);
    const bundle = join(root, dirs[0]!);
    expect(existsSync(`${bundle}.tar.gz`)).toBe(true);
    const status = JSON.parse(readFileSync(join(bundle, 'status.json'), 'utf8')) as { services: { service: string; status?: number }[] };
    expect(status.services.find((s) => s.service === 'store')?.status).toBe(200);
    expect(readdirSync(join(bundle, 'logs'))).toEqual(expect.arrayContaining(['store.log', 'api.log']));
    const env = readFileSync(join(bundle, 'environment.txt'), 'utf8');
    expect(env).toMatch(/^DEMO_API_TOKEN=/m);
    expect(env).not.toContain('triage-secret-value-123');
    expect(env).not.toContain('plain-visible-token');
    expect(r.stdout).not.toContain('triage-secret-value-123');
  }, 120_000);

  it('a backup whose name is taken fails without touching the backup that has it (same second, same label)', async () => {
    const root = `${demo.dataDirs.local}-backups`;
    const first = await runCli(['run', 'backup', '--env', 'local', '--input', 'label=twice', '--yes'], demo.env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const made = readdirSync(root).find((d) => d.endsWith('-twice'))!;
    // The next run names its backup after the UTC second it starts in: the operator's backup
    // (the one just made) is copied under every name that run can pick in the next 10 minutes,
    // so its name is taken, whatever second it starts in.
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d+/g, '');
    const taken = new Set(readdirSync(root));
    for (let t = Date.now() - 1000; t < Date.now() + 600_000; t += 1000) {
      const name = `${stamp(t)}-twice`;
      if (taken.has(name)) continue;
      cpSync(join(root, made), join(root, name), { recursive: true });
      taken.add(name);
    }
    const snapshot = () => Object.fromEntries([...readdirSync(root)].sort().map((d) => [d, readdirSync(join(root, d)).sort().map((f) => `${f}:${readFileSync(join(root, d, f), 'utf8').length}:${createHash('sha256').update(readFileSync(join(root, d, f))).digest('hex')}`)]));
    const before = snapshot();

    const second = await runCli(['run', 'backup', '--env', 'local', '--input', 'label=twice', '--yes'], demo.env);
    expect(second.code, second.stdout + second.stderr).toBe(1);
    expect(second.stdout + second.stderr).toMatch(/File exists/);
    expect(snapshot()).toEqual(before);
  }, 180_000);

  it('restore never deletes data an earlier unfinished restore kept aside; the services come back', async () => {
    const backup = readdirSync(`${demo.dataDirs.local}-backups`).find((d) => d.endsWith('-before-test'))!;
    const aside = `${demo.dataDirs.local}.before-restore`;
    mkdirSync(aside);
    writeFileSync(join(aside, 'only-copy.txt'), 'the data before an earlier restore\n');
    const r = await runCli(['run', 'restore', '--env', 'local', '--input', `backup=${backup}`, '--yes'], demo.env);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/before-restore exists: data kept aside by an earlier restore/);
    expect(r.stdout).toMatch(/Run failed \(rolled back\)/);
    expect(readFileSync(join(aside, 'only-copy.txt'), 'utf8')).toBe('the data before an earlier restore\n');
    await services.actions.waitHealthy(['store', 'api'], 20_000);
    rmSync(aside, { recursive: true });
  }, 180_000);

  it('maintenance checklist: manual steps need the operator; with --yes the real checks run', async () => {
    const stopped = await runCli(['run', 'maintenance', '--env', 'local', '--input', 'reason=patching the kernel'], demo.env);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/step "announce" needs the operator to confirm a manual step: pass --yes/);
    const r = await runCli(['run', 'maintenance', '--env', 'local', '--input', 'reason=patching the kernel', '--yes'], demo.env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/KB free/);
    expect(r.stdout).toMatch(/\d+ pending orders/);
  }, 120_000);
});

describe('validate covers the demo runbooks', () => {
  it('all demo runbooks are valid against the demo profile', async () => {
    const r = await runCli(['validate'], demo.env);
    expect(r.stdout + r.stderr).toMatch(/file\(s\) valid/);
    expect(r.code).toBe(0);
  });
});

// Maintenance windows on the real binary: load-time validation at file:line:col, require_window
// refused in a protected environment outside a window (naming the next one) and a warning
// elsewhere, an ad-hoc window opened from the shell (audited), and status during it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli } from '../helpers/run-cli.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

const PROFILE = `name: shop
environments:
  local: {}
  production: { protected: true }
services:
  api:
    health:
      - command: ["false"]
maintenance_windows:
  - name: yearly
    environments: [production]
    cron: "0 3 1 1 *"
    duration: 1h
    timezone: Europe/Paris
`;

describe('opsdeck maintenance', () => {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  const cli = (...args: string[]) => runCli(args, env);
  beforeAll(() => {
    ensureBuilt();
    dir = tempDir('opsdeck-maint-');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(join(dir, 'profiles', 'shop.yaml'), PROFILE);
    writeFileSync(join(dir, 'runbooks', 'upgrade.yaml'), 'name: upgrade\nkind: maintenance\nrequire_window: true\nsteps:\n  - { id: work, run: ["true"] }\n');
    env = { ...process.env, OPSDECK_DIR: dir, OPSDECK_STATE_DIR: join(dir, '.state'), OPSDECK_PROFILE: 'shop' };
  });
  afterAll(removeTempDirs);

  it('an invalid cron expression or time zone is reported at file:line:col', async () => {
    const bad = join(tempDir(), 'bad.yaml');
    writeFileSync(bad, PROFILE.replace('"0 3 1 1 *"', '"0 25 * * *"').replace('Europe/Paris', 'Europe/Pariss'));
    const r = await cli('validate', bad);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/bad\.yaml:14:15: unknown time zone "Europe\/Pariss"/);
    writeFileSync(bad, PROFILE.replace('"0 3 1 1 *"', '"0 25 * * *"'));
    expect((await cli('validate', bad)).stdout + (await cli('validate', bad)).stderr).toMatch(/bad\.yaml:12:11: invalid cron expression "0 25 \* \* \*": Invalid value for hour: 25/);
  });

  it('require_window: refused in a protected environment outside a window, naming the next; a warning elsewhere', async () => {
    const refused = await cli('run', 'upgrade', '--env', 'production', '--yes', '--confirm-env', 'production', '--change', 'CHG-1');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/runbook upgrade requires a maintenance window and production is not in one; the next one is yearly at \d{4}-01-01T02:00:00\.000Z \(\w+ 03:00 Europe\/Paris\)/);
    const warned = await cli('run', 'upgrade', '--env', 'local', '--yes');
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toMatch(/warning: runbook upgrade requires a maintenance window; local is not in one; no window is scheduled — running anyway/);
  }, 60_000);

  it('an ad-hoc window is audited; during it status says "in maintenance" and exits 0; the runbook may run', async () => {
    expect((await cli('status', '--env', 'production')).code).toBe(1);
    const start = await cli('maintenance', 'start', '--env', 'production', '--for', '30m', '--reason', 'db upgrade CHG-7');
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/maintenance window open on production until .*Z \(recorded in the audit log\)/);
    const audit = readFileSync(join(dir, '.state', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.at(-1)).toMatchObject({ action: 'maintenance.start', environment: 'production', outcome: 'opened' });
    expect(audit.at(-1).detail).toMatch(/\(30m00s\): db upgrade CHG-7$/);
    expect((await cli('audit', 'verify')).code).toBe(0);

    const status = await cli('status', '--env', 'production', '--json');
    expect(status.code).toBe(0);
    const j = JSON.parse(status.stdout);
    expectJsonVocabulary(j);
    expect(j).toMatchObject({ healthy: false, inMaintenance: true, maintenance: { active: { name: 'ad-hoc', adHoc: true, reason: 'db upgrade CHG-7' } } });
    expect(j.services[0]).toMatchObject({ name: 'api', state: 'unhealthy', inMaintenance: true });
    expect((await cli('status', '--env', 'production')).stdout).toMatch(/in maintenance: ad-hoc until .*\(db upgrade CHG-7\)/);
    // Other environments are not in it.
    expect((await cli('status', '--env', 'local')).code).toBe(1);

    const ms = JSON.parse((await cli('maintenance', 'status', '--env', 'production', '--json')).stdout);
    expect(ms).toMatchObject({ version: 1, environment: 'production', active: { name: 'ad-hoc' }, next: { name: 'yearly' } });
    const run = await cli('run', 'upgrade', '--env', 'production', '--yes', '--confirm-env', 'production', '--change', 'CHG-7');
    expect(run.code, run.stderr).toBe(0);
  }, 90_000);

  it('maintenance start refuses without a reason or a duration', async () => {
    expect((await cli('maintenance', 'start', '--env', 'local', '--for', '30m')).stderr).toMatch(/say why/);
    expect((await cli('maintenance', 'start', '--env', 'local', '--for', 'soon', '--reason', 'x')).stderr).toMatch(/not a duration/);
  }, 30_000);
});

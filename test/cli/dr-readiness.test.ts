// DR readiness from real runs: a backup and a restore run through the real binary, then status
// compares the backup's age with the RPO and the restore's duration with the RTO.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli } from '../helpers/run-cli.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { drFigures, drWarning } from '../../src/domain/runbook/dr-readiness.js';
import { formatDuration } from '../../src/domain/duration.js';

describe('DR readiness', () => {
  let env: NodeJS.ProcessEnv = {};
  const cli = (...args: string[]) => runCli(args, env);
  beforeAll(() => {
    ensureBuilt();
    const dir = tempDir('opsdeck-dr-');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(join(dir, 'profiles', 'shop.yaml'), `name: shop
environments:
  local: { rpo: 24h, rto: 1h }
  strict: { rpo: 1ms, rto: 1ms }
services:
  db: { rpo: 12h }
`);
    writeFileSync(join(dir, 'runbooks', 'backup.yaml'), 'name: backup\nkind: backup\nservices: [db]\nsteps:\n  - { id: dump, run: ["true"] }\n');
    writeFileSync(join(dir, 'runbooks', 'restore.yaml'), 'name: restore\nkind: restore\nsteps:\n  - { id: load, run: [sleep, "0.3"] }\n');
    env = { ...process.env, OPSDECK_DIR: dir, OPSDECK_STATE_DIR: join(dir, '.state'), OPSDECK_PROFILE: 'shop' };
  });
  afterAll(removeTempDirs);

  it('no backup yet: the objectives are not met; after a backup and a restore drill: measured', async () => {
    let j = JSON.parse((await cli('status', '--env', 'local', '--json')).stdout);
    expect(j.dr.environment).toMatchObject({ rpoMs: 86_400_000, rtoMs: 3_600_000, lastBackupAt: null, backupWithinRpo: false, restoreWithinRto: false });
    for (const e of ['local', 'strict']) {
      expect((await cli('run', 'backup', '--env', e, '--yes')).code).toBe(0);
      expect((await cli('run', 'restore', '--env', e, '--yes')).code).toBe(0);
    }
    // A dry run is not a backup.
    expect((await cli('run', 'backup', '--env', 'local', '--dry-run')).code).toBe(0);
    const r = await cli('status', '--env', 'local', '--json');
    j = JSON.parse(r.stdout);
    expectJsonVocabulary(j);
    const d = j.dr.environment;
    expect(d.backupWithinRpo).toBe(true);
    expect(d.backupAgeMs).toBeGreaterThanOrEqual(0);
    expect(d.backupAgeMs).toBeLessThan(120_000);
    expect(d.restoreDurationMs).toBeGreaterThanOrEqual(300);
    expect(d.restoreWithinRto).toBe(true);
    expect(Date.parse(d.lastRestoreAt)).toBeGreaterThan(Date.parse(d.lastBackupAt));
    expect(j.dr.services).toEqual([expect.objectContaining({ scope: 'db', rpoMs: 43_200_000, backupWithinRpo: true })]);
    const text = await cli('status', '--env', 'local');
    expect(text.stdout).toMatch(/DR environment: backup \S+ old \(RPO 24h00m: ok\) · last restore \S+ ago took \S+ \(RTO 1h00m: ok\)/);
    const strict = JSON.parse((await cli('status', '--env', 'strict', '--json')).stdout).dr.environment;
    expect(strict).toMatchObject({ backupWithinRpo: false, restoreWithinRto: false });
  }, 120_000);

  it('the header warning for an old or missing backup', () => {
    const day = 86_400_000;
    const runs = [{ kind: 'backup', services: [], status: 'succeeded' as const, dryRun: false, startedAt: 0, finishedAt: 1000, durationMs: 1000 }];
    expect(drWarning(drFigures('environment', { rpoMs: day }, runs, 1000 + day + 3_600_000), formatDuration)).toBe('BACKUP 25h00m old > RPO 24h00m');
    expect(drWarning(drFigures('environment', { rpoMs: day }, [], 5), formatDuration)).toBe('NO BACKUP (RPO 24h00m)');
    expect(drWarning(drFigures('environment', { rpoMs: day }, runs, 2000), formatDuration)).toBeUndefined();
  });
});

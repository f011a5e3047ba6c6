// The console header marks a lock whose holder died as STALE (a real process that held it and
// exited), and a live holder as a plain lock.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { tryCreateLock } from '../../../src/adapters/fs/lock-file.js';
import { lockPath } from '../../../src/adapters/fs/env-lock.js';
import { createRunbookDesk } from '../../../src/services/runs/runbook-desk.js';
import { runHeaderItems } from '../../../src/ui/screens/runbooks/use-run-header.js';
import { processProfile } from '../../helpers/process-services.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

afterAll(removeTempDirs);

function header(holderPid: number): string[] {
  const ops = tempDir();
  const env = { ...process.env, OPSDECK_STATE_DIR: join(ops, '.state') };
  mkdirSync(join(ops, 'runbooks'), { recursive: true });
  const profile = processProfile(ops, {});
  const file = lockPath(profile.name, 'local', env);
  mkdirSync(join(ops, '.state', 'locks'), { recursive: true });
  expect(tryCreateLock(file, { user: 'ana', runbook: 'deploy', runId: '20261201-000000-deploy-dead', since: '2026-12-01T09:00:00.000Z' }, holderPid)).toBeDefined();
  const desk = createRunbookDesk({ root: ops, profile, environment: () => profile.environments.local!, env });
  // What the header shows from the desk (its runs store, or the lock read directly before the first scan).
  const items = runHeaderItems(desk.unfinished(), desk.lockNote()).map((i) => `${i.tone}: ${i.text}`);
  void desk.dispose();
  return items;
}

describe('run header', () => {
  it('a lock whose holder process is gone reads STALE', () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(child.stdout);
    expect(header(deadPid)).toEqual([`alert: STALE lock: deploy run 20261201-000000-deploy-dead (ana@${hostname()}, dead)`]);
  });

  it('a live holder is a plain lock', () => {
    expect(header(process.pid)).toEqual([expect.stringMatching(/^warn: lock: ana@\S+ deploy since 09:00Z$/)]);
  });
});

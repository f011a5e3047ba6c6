import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { buildCli, type BuiltCli } from '../../helpers/build-cli.js';
import { acquireLock, inspectLock, lockPath, releaseLock, updateLock, LockHeldError, type LockHolder } from '../../../src/adapters/fs/env-lock.js';
import { procStartTime } from '../../../src/adapters/system/process-identity.js';
import { lineQueue } from '../../helpers/line-queue.js';

const CONTENDERS = 6;
const ROUNDS = 25;

/** A pid that is certainly dead: a child that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

function staleHolder(over: Partial<LockHolder> = {}): LockHolder {
  return { user: 'ghost', host: hostname(), pid: deadPid(), runbook: 'deploy', runId: '20260101-000000-deploy-dead', since: '2026-01-01T00:00:00Z', ...over };
}

describe('env lock', () => {
  let cli: BuiltCli;
  beforeAll(async () => {
    cli = await buildCli({ 'lock-child': 'test/helpers/lock-child.ts' });
  });
  afterAll(removeTempDirs);

  it('names its holder, refuses a second taker, releases only its own lock', () => {
    const env = { OPSDECK_STATE_DIR: tempDir() };
    const file = lockPath('shop', 'production', env);
    const held = acquireLock({ file, environment: 'production', user: 'alice', runbook: 'deploy', runId: '20260101-000000-deploy-aaaa' });
    expect(held).toMatchObject({ user: 'alice', pid: process.pid, host: hostname(), runbook: 'deploy' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(env.OPSDECK_STATE_DIR, 'locks')).mode & 0o777).toBe(0o700);
    let err: unknown;
    try {
      acquireLock({ file, environment: 'production', user: 'bob', runbook: 'backup', runId: '20260101-000000-backup-bbbb', takeOverStale: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).stale).toBe(false);
    expect((err as Error).message).toContain('alice@');
    expect((err as Error).message).toContain('deploy');
    expect(updateLock(file, held.runId, { waiting: 'step restore needs an operator' })).toBe(true);
    expect(inspectLock(file)?.holder.waiting).toContain('restore');
    expect(releaseLock(file, '20260101-000000-backup-bbbb')).toBe(false);
    expect(existsSync(file)).toBe(true);
    expect(releaseLock(file, held.runId)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it('detects a stale lock (dead pid, reused pid) and takes it over only when asked', () => {
    const env = { OPSDECK_STATE_DIR: tempDir() };
    const file = lockPath('shop', 'staging', env);
    writeFileSync(file, JSON.stringify(staleHolder()));
    expect(inspectLock(file)?.stale).toBe(true);
    expect(() => acquireLock({ file, environment: 'staging', user: 'bob', runbook: 'b', runId: '20260101-000000-b-bbbb' })).toThrow(/stale/);
    const got = acquireLock({ file, environment: 'staging', user: 'bob', runbook: 'b', runId: '20260101-000000-b-bbbb', takeOverStale: true });
    expect(inspectLock(file)?.holder.runId).toBe(got.runId);
    // Our own pid, but with another start time: the pid was reused, the holder is dead.
    writeFileSync(file, JSON.stringify(staleHolder({ pid: process.pid, pidStart: String(Number(procStartTime(process.pid)) + 1) })));
    expect(inspectLock(file)?.stale).toBe(true);
    // A live holder on another host is never judged stale.
    writeFileSync(file, JSON.stringify(staleHolder({ host: 'some-other-host' })));
    expect(inspectLock(file)?.stale).toBe(false);
  });

  it('a dead holder whose run still has a process is not stale; takeover waits for it, and is reported', async () => {
    const env = { OPSDECK_STATE_DIR: tempDir() };
    const file = lockPath('shop', 'production', env);
    const runId = `20260101-000000-deploy-${process.pid}`;
    // The dead runner's step: still running, carrying its run id.
    const step = spawn('sh', ['-c', 'exec sleep 300'], { detached: true, stdio: 'ignore', env: { ...process.env, OPSDECK_RUN_ID: runId } });
    try {
      writeFileSync(file, JSON.stringify(staleHolder({ runId })));
      const end = Date.now() + 5000;
      while (!inspectLock(file)?.living.length && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(inspectLock(file)).toMatchObject({ stale: false, living: [{ pid: step.pid, command: expect.stringContaining('sleep 300') }] });
      const took: LockHolder[] = [];
      const attempt = () => acquireLock({ file, environment: 'production', user: 'bob', runbook: 'b', runId: '20260101-000000-b-bbbb', takeOverStale: true, onTakeOver: (p) => took.push(p) });
      expect(attempt).toThrow(/its runner is gone but 1 process of its run still runs \(pid \d+: sleep 300\): not stale/);
      expect(took).toEqual([]);
      process.kill(step.pid!, 'SIGKILL');
      while (inspectLock(file)?.living.length && Date.now() < end + 5000) await new Promise((r) => setTimeout(r, 20));
      expect(attempt().runId).toBe('20260101-000000-b-bbbb');
      expect(took.map((t) => t.runId)).toEqual([runId]);
    } finally {
      try {
        process.kill(step.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });

  it('lock names never collide (x-y + z vs x + y-z)', () => {
    const env = { OPSDECK_STATE_DIR: tempDir() };
    expect(lockPath('x-y', 'z', env)).not.toBe(lockPath('x', 'y-z', env));
    expect(lockPath('a/b', '..', env)).toMatch(/locks\/a%2Fb-\.\.\.lock$/);
    acquireLock({ file: lockPath('x-y', 'z', env), environment: 'z', user: 'a', runbook: 'r', runId: '20260101-000000-r-aaaa' });
    expect(() => acquireLock({ file: lockPath('x', 'y-z', env), environment: 'y-z', user: 'b', runbook: 'r', runId: '20260101-000000-r-bbbb' })).not.toThrow();
  });

  it(`exactly one of ${CONTENDERS} processes wins each of ${ROUNDS} rounds (fresh and stale locks)`, async () => {
    const env = { OPSDECK_STATE_DIR: tempDir() };
    const file = lockPath('race', 'race', env);
    const kids = Array.from({ length: CONTENDERS }, (_, i) => spawn(process.execPath, [cli.entry('lock-child'), file, `c${i}`], { stdio: 'pipe' }));
    const queues = kids.map((k) => lineQueue(k));
    try {
      let staleRounds = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const stale = round % 2 === 1;
        if (stale) {
          writeFileSync(file, JSON.stringify(staleHolder()));
          staleRounds++;
        }
        for (const k of kids) k.stdin.write(`try ${round} ${stale ? 1 : 0}\n`);
        const answers = await Promise.all(queues.map((q) => q.next()));
        const winners = answers.filter((a) => a.startsWith('won'));
        expect(winners, `round ${round}: ${answers.join(' | ')}`).toHaveLength(1);
        for (const a of answers.filter((x) => x.startsWith('lost'))) expect(a).toMatch(/held$/);
        // The stale lock was removed exactly once, and its remover was told (to audit it) even when
        // another contender's link() then came first.
        expect(answers.filter((a) => a.includes('[removed stale]')), `round ${round}: ${answers.join(' | ')}`).toHaveLength(stale ? 1 : 0);
        for (const k of kids) k.stdin.write(`release ${round}\n`);
        await Promise.all(queues.map((q) => q.next()));
        expect(existsSync(file)).toBe(false);
      }
      expect(staleRounds).toBeGreaterThan(10);
    } finally {
      for (const k of kids) k.kill();
    }
  }, 120_000);
});


// Step cgroups a runner killed mid-step left behind are removed once they are empty and old
// enough; one a process still lives in, or one just made (its step not in it yet), stays.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStepCgroup, sweepStepCgroups } from '../../../src/adapters/system/step-cgroup.js';
import { describeIfAvailable } from '../../helpers/requirements.js';

const probe = createStepCgroup(`probe-${process.pid}`);
probe?.release();

describeIfAvailable('left-behind step cgroups', !!probe && process.platform === 'linux', 'no cgroup v2 this process may write (root or a delegated subtree)', () => {
  it('an empty one older than the limit goes; one with a live process, or a new one, stays', async () => {
    // A parent of this test's own: other runners' step cgroups (tests running beside this one)
    // are never touched by the sweeps below.
    const parent = join(dirname(probe!.dir), `opsdeck-sweep-test-${process.pid}`);
    mkdirSync(parent);
    const left = join(parent, 'opsdeck-step-20261201-120000-gone-0001.a1');
    const busy = join(parent, 'opsdeck-step-b2');
    mkdirSync(left);
    mkdirSync(busy);
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => sleeper.once('spawn', r));
      writeFileSync(join(busy, 'cgroup.procs'), String(sleeper.pid));
      // Made just now: the default limit (a minute) keeps both.
      expect(sweepStepCgroups(parent)).toBe(0);
      expect(existsSync(left)).toBe(true);
      // As if a minute had passed: the empty one goes, the one with a live process stays.
      expect(sweepStepCgroups(parent, 0)).toBe(1);
      expect(existsSync(left)).toBe(false);
      expect(existsSync(busy)).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.once('exit', r));
      for (const dir of [left, busy, parent]) if (existsSync(dir)) rmdirSync(dir);
    }
  });
});

describe('sweepStepCgroups', () => {
  it('does nothing where there is no such folder', () => {
    expect(sweepStepCgroups('/nonexistent/opsdeck-test')).toBe(0);
  });
});

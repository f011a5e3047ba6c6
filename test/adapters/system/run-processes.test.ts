// Finding and stopping a run's processes by the OPSDECK_RUN_ID they inherit, children included.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { findRunProcesses, stopRunProcesses } from '../../../src/adapters/system/run-processes.js';

describe.runIf(process.platform === 'linux')('run processes', () => {
  it('finds a step and its child in their own group, and stops the group', async () => {
    const runId = `t-${process.pid}-${Date.now()}`;
    // A shell that ignores SIGTERM, with a child: only the group SIGKILL ends both.
    const step = spawn('sh', ['-c', 'trap "" TERM; sleep 30 & wait'], { detached: true, stdio: 'ignore', env: { ...process.env, OPSDECK_RUN_ID: runId } });
    const deadline = Date.now() + 5000;
    // Until the child has exec'd `sleep` (a forked child shows the shell's command line first).
    while (!findRunProcesses(runId).some((p) => p.command === 'sleep 30') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const found = findRunProcesses(runId);
    expect(found.map((p) => p.command).sort()).toEqual(expect.arrayContaining([expect.stringContaining('sh -c'), 'sleep 30']));
    expect(new Set(found.map((p) => p.pgid))).toEqual(new Set([step.pid]));
    expect(findRunProcesses(`${runId}-other`)).toEqual([]);
    const left = await stopRunProcesses(runId, found, 300);
    expect(left).toEqual([]);
    expect(findRunProcesses(runId)).toEqual([]);
  });
});

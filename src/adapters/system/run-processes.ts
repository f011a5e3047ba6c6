// Processes of a run or of one step execution, found by the marker in their environment:
// every step process gets OPSDECK_RUN_ID (and OPSDECK_EXEC_ID for that execution) and its
// children inherit them, so /proc finds them although each step sits in a process group of
// its own, and even after `setsid` or a double fork took them out of it. Linux only; elsewhere
// nothing is found. A process that cleared its environment (`env -i`) is found by the step
// cgroup it sits in, where the host let the runner make one (step-cgroup.ts).
import { HAS_PROC, isLive, listPids, procCommand, procEnviron, procInfo } from './proc-info.js';
import type { MarkedProcess, ProcessFinder, ProcessMarker } from '../../ports/process-finder.js';
import { runCgroupMembers } from './step-cgroup.js';

export type RunProcess = MarkedProcess;

export function findMarked(marker: ProcessMarker): MarkedProcess[] {
  if (!HAS_PROC) return [];
  const needle = Buffer.from(`\0${marker.name}=${marker.value}\0`);
  const found: MarkedProcess[] = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const environ = procEnviron(pid);
    if (!environ || !Buffer.concat([NUL, environ, NUL]).includes(needle)) continue;
    const info = procInfo(pid);
    if (!isLive(info)) continue;
    found.push({ pid, pgid: info.pgrp > 0 ? info.pgrp : pid, command: procCommand(pid) });
  }
  return found;
}
const NUL = Buffer.from([0]);

export function signalEach(processes: readonly MarkedProcess[], sig: NodeJS.Signals): void {
  for (const p of processes) {
    try {
      process.kill(p.pid, sig);
    } catch {
      // Already gone.
    }
  }
}

/** This host, through /proc. */
export const localProcessFinder: ProcessFinder = {
  find: async (marker) => findMarked(marker),
  signal: async (processes, sig) => signalEach(processes, sig),
};

export interface EndResult {
  /** Processes found and signalled. */
  signalled: number;
  /** Still there after SIGKILL (normally none). */
  left: MarkedProcess[];
}

/**
 * Ends every process carrying the marker: SIGTERM to each (and to any that appears meanwhile,
 * a fork racing the signal), SIGKILL to what is left after `graceMs`, then waits up to a
 * second for them to go. `alsoAlive` lets the caller keep the wait going for its own child.
 */
export async function endMarkedProcesses(finder: ProcessFinder, marker: ProcessMarker, graceMs: number, alsoAlive: () => boolean = () => false, afterFirstTerm?: () => void): Promise<EndResult> {
  const seen = new Set<number>();
  const termNew = async (found: MarkedProcess[]): Promise<void> => {
    const fresh = found.filter((p) => !seen.has(p.pid));
    for (const p of fresh) seen.add(p.pid);
    if (fresh.length) await finder.signal(fresh, 'SIGTERM');
  };
  const deadline = Date.now() + graceMs;
  let found = await finder.find(marker);
  await termNew(found);
  afterFirstTerm?.();
  while (Date.now() < deadline) {
    if (found.length === 0 && !alsoAlive()) return { signalled: seen.size, left: [] };
    await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
    found = await finder.find(marker);
    await termNew(found);
  }
  const killUntil = Date.now() + 1000;
  for (;;) {
    found = await finder.find(marker);
    for (const p of found) seen.add(p.pid);
    if (found.length === 0 && !alsoAlive()) return { signalled: seen.size, left: [] };
    if (Date.now() >= killUntil) return { signalled: seen.size, left: found };
    await finder.signal(found, 'SIGKILL');
    await sleep(20);
  }
}

const runMarker = (runId: string): ProcessMarker => ({ name: 'OPSDECK_RUN_ID', value: runId });

/** The run's marked processes, and those in its step cgroups that cleared the marker. */
export function findRunProcesses(runId: string): RunProcess[] {
  const found = findMarked(runMarker(runId));
  const known = new Set(found.map((p) => p.pid));
  for (const pid of runCgroupMembers(runId)) {
    if (known.has(pid) || pid === process.pid) continue;
    const info = procInfo(pid);
    if (isLive(info)) found.push({ pid, pgid: info.pgrp > 0 ? info.pgrp : pid, command: procCommand(pid) });
  }
  return found;
}

const runProcessFinder: ProcessFinder = {
  find: async (marker) => findRunProcesses(marker.value),
  signal: async (processes, sig) => signalEach(processes, sig),
};

/**
 * SIGTERM to each process of the run, SIGKILL to what is left after `graceMs`. Resolves with
 * the processes that are still there after that (normally none).
 */
export async function stopRunProcesses(runId: string, _processes: readonly RunProcess[], graceMs = 5000): Promise<RunProcess[]> {
  const r = await endMarkedProcesses(runProcessFinder, runMarker(runId), graceMs);
  return r.left;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

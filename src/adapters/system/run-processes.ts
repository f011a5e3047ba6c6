// Processes of a run or of one step execution, found by the marker in their environment:
// every step process gets OPSDECK_RUN_ID (and OPSDECK_EXEC_ID for that execution) and its
// children inherit them, so /proc finds them although each step sits in a process group of
// its own, and even after `setsid` or a double fork took them out of it. Linux only; elsewhere
// nothing is found. A process that cleared its environment (`env -i`) is found by the step
// cgroup it sits in, where the host let the runner make one (step-cgroup.ts).
// A step that succeeded may leave processes running on purpose (`nohup worker &`): its
// execution is kept in the run's launched.json, and its processes are not the run's living
// steps (they neither keep a dead runner's lock from going stale nor count as leftovers).
import { existsSync } from 'node:fs';
import { HAS_PROC, isLive, listPids, procCommand, procEnviron, procInfo } from './proc-info.js';
import type { MarkedProcess, ProcessFinder, ProcessMarker } from '../../ports/process-finder.js';
import { runCgroupMembers } from './step-cgroup.js';
import { runPaths } from '../fs/run-store.js';
import { readStateJson, writeStateJson } from '../fs/state-dir.js';
import { isRunId } from '../../domain/runbook/run-id.js';

export type RunProcess = MarkedProcess;

/** The marker of one step execution (step-executor.ts); OPSDECK_RUN_ID marks the run. */
export const EXEC_ID_VAR = 'OPSDECK_EXEC_ID';

/** Live processes whose environment holds the marker, less those `skip` (given it) leaves out. */
export function findMarked(marker: ProcessMarker, skip?: (environ: Buffer) => boolean): MarkedProcess[] {
  if (!HAS_PROC) return [];
  const needle = Buffer.from(`\0${marker.name}=${marker.value}\0`);
  const found: MarkedProcess[] = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const raw = procEnviron(pid);
    const environ = raw && Buffer.concat([NUL, raw, NUL]);
    if (!environ || !environ.includes(needle) || skip?.(environ)) continue;
    const p = liveProcess(pid);
    if (p) found.push(p);
  }
  return found;
}
const NUL = Buffer.from([0]);

/** The process as a MarkedProcess, if it is alive (not a zombie). */
export function liveProcess(pid: number): MarkedProcess | undefined {
  const info = procInfo(pid);
  return isLive(info) ? { pid, pgid: info.pgrp > 0 ? info.pgrp : pid, command: procCommand(pid) } : undefined;
}

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
 * `group`: the step's process group, sent SIGTERM at once after the first look; the marked
 * processes found in it then get no second SIGTERM of their own (a cleanup trap runs once).
 */
export async function endMarkedProcesses(finder: ProcessFinder, marker: ProcessMarker, graceMs: number, alsoAlive: () => boolean = () => false, group?: { pgid: number; term: () => void }): Promise<EndResult> {
  const seen = new Set<number>();
  const termNew = async (found: MarkedProcess[]): Promise<void> => {
    const fresh = found.filter((p) => !seen.has(p.pid));
    for (const p of fresh) seen.add(p.pid);
    if (fresh.length) await finder.signal(fresh, 'SIGTERM');
  };
  const deadline = Date.now() + graceMs;
  let found = await finder.find(marker);
  if (group) {
    // Found before the group's SIGTERM, so each of these members was there to receive it.
    for (const p of found) if (p.pgid === group.pgid) seen.add(p.pid);
    group.term();
  }
  await termNew(found);
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

/** NAME's value in an environ block that starts and ends with NUL. */
function environValue(environ: Buffer, name: string): string | undefined {
  const at = environ.indexOf(`\0${name}=`);
  if (at < 0) return undefined;
  const from = at + name.length + 2;
  return environ.toString('latin1', from, environ.indexOf(0, from));
}

/** Keeps a step execution that succeeded and left processes running (see above). */
export function keepLaunched(runId: string, execId: string): void {
  if (!isRunId(runId)) return;
  const { dir, launched } = runPaths(runId);
  if (!existsSync(dir)) return;
  const kept = launchedExecIds(runId);
  kept.add(execId);
  writeStateJson(launched, { version: 1, execIds: [...kept] });
}

function launchedExecIds(runId: string): Set<string> {
  if (!isRunId(runId)) return new Set();
  const kept = readStateJson<{ execIds?: unknown }>(runPaths(runId).launched)?.execIds;
  return new Set(Array.isArray(kept) ? kept.filter((id): id is string => typeof id === 'string') : []);
}

/**
 * The run's processes that belong to a step not known to have succeeded: marked ones, and
 * those in its step cgroups that cleared the marker. Processes a successful step left running
 * are not among them.
 */
export function findRunProcesses(runId: string): RunProcess[] {
  const launched = launchedExecIds(runId);
  const found = findMarked(runMarker(runId), launched.size ? (environ) => launched.has(environValue(environ, EXEC_ID_VAR) ?? '') : undefined);
  const known = new Set(found.map((p) => p.pid));
  for (const pid of runCgroupMembers(runId)) {
    if (known.has(pid) || pid === process.pid) continue;
    const p = liveProcess(pid);
    if (p) found.push(p);
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

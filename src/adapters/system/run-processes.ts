// Processes of a run that outlived its runner. Every step process gets OPSDECK_RUN_ID in its
// environment, and its children inherit it, so /proc finds them although each step sits in a
// process group of its own (which is why they survive a runner killed with SIGKILL).
// Linux only; elsewhere nothing is found. A step that clears its environment is not found.
import { readdirSync, readFileSync } from 'node:fs';

export interface RunProcess {
  pid: number;
  /** Process group: what gets signalled, so the step's children go too. */
  pgid: number;
  command: string;
}

export function findRunProcesses(runId: string): RunProcess[] {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`\0OPSDECK_RUN_ID=${runId}\0`);
  const found: RunProcess[] = [];
  for (const name of safeList('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${pid}/environ`), Buffer.from([0])]);
      if (!environ.includes(needle)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after "(comm)": state, ppid, pgrp, …
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      found.push({ pid, pgid: Number.isInteger(pgid) && pgid > 0 ? pgid : pid, command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * SIGTERM to each process group, SIGKILL to what is left after `graceMs`. Resolves with the
 * processes that are still there after that (normally none).
 */
export async function stopRunProcesses(runId: string, processes: readonly RunProcess[], graceMs = 5000): Promise<RunProcess[]> {
  const groups = [...new Set(processes.map((p) => p.pgid))];
  const signal = (sig: NodeJS.Signals) => {
    for (const g of groups) {
      try {
        process.kill(-g, sig);
      } catch {
        // Already gone.
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && findRunProcesses(runId).length > 0) await new Promise((r) => setTimeout(r, 100));
  if (findRunProcesses(runId).length > 0) {
    signal('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
  }
  return findRunProcesses(runId);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

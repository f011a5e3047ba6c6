// A cgroup (v2) per step execution, where the host lets us make one (root, or a delegated
// subtree): every process the step starts stays in it whatever it does to its environment,
// session or group (`env -i`, `sudo`'s env_reset, `setsid`), so timeout and abort find those the
// OPSDECK_EXEC_ID marker cannot. The step's process is moved in right after spawn, before it
// has execed its program; what a step left behind after a normal end (a daemon it launched) is
// moved back to our own cgroup and the step's is removed. Without cgroup v2 (or without the
// right to write it) there is none and the marker alone is used. A runner killed mid-step leaves
// its step's cgroup behind: empty ones older than a minute are removed when the next is made.
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLive, procCommand, procInfo } from './proc-info.js';
import type { MarkedProcess, ProcessFinder } from '../../ports/process-finder.js';

export interface StepCgroup {
  readonly dir: string;
  /** Moves `pid` in; false when the kernel refused. */
  add(pid: number): boolean;
  /** Live processes in it now. */
  members(): number[];
  /** SIGKILL to every member at once (cgroup.kill), each one where the kernel has no cgroup.kill. */
  kill(): void;
  /** Moves what is left back to our own cgroup and removes the step's. */
  release(): void;
}

function cgroup2Mount(): string | undefined {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')).find((f) => f[f.indexOf('-') + 1] === 'cgroup2')?.[4];
  } catch {
    return undefined;
  }
}

/** Where the unified (v2) hierarchy is mounted and which cgroup this process is in. */
function ownCgroup(): string | undefined {
  try {
    const mount = cgroup2Mount();
    const own = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'))?.slice(3);
    return mount && own !== undefined ? join(mount, own) : undefined;
  } catch {
    return undefined;
  }
}

const PREFIX = 'opsdeck-step-';

/**
 * `runId` goes into the name, so the run's processes can be found in it after its runner died
 * (runCgroupMembers), when the environment marker is what those processes cleared.
 */
export function createStepCgroup(id: string, runId?: string): StepCgroup | undefined {
  const parent = ownCgroup();
  if (!parent) return undefined;
  sweepStepCgroups(parent);
  const dir = join(parent, `${PREFIX}${runId ? `${runId}.` : ''}${id}`);
  try {
    mkdirSync(dir);
  } catch {
    return undefined; // not ours to write (no delegation): the marker alone
  }
  const members = (): number[] => liveMembers(dir);
  const write = (file: string, text: string): boolean => {
    try {
      writeFileSync(file, text);
      return true;
    } catch {
      return false;
    }
  };
  return {
    dir,
    add: (pid) => write(join(dir, 'cgroup.procs'), String(pid)),
    members,
    kill() {
      if (write(join(dir, 'cgroup.kill'), '1')) return;
      for (const pid of members()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    },
    release() {
      for (const pid of members()) write(join(parent, 'cgroup.procs'), String(pid));
      try {
        rmdirSync(dir);
      } catch {
        /* a member exiting right now keeps it busy an instant; an empty cgroup costs nothing */
      }
    },
  };
}

/** Made this long ago at least before an empty step cgroup counts as left behind (it is empty between its mkdir and its step joining it). */
const LEFT_BEHIND_AFTER_MS = 60_000;

/**
 * Removes the step cgroups under `parent` that no live process is in and that were made more
 * than `olderThanMs` ago; the kernel refuses to remove one a process is still in. Returns how
 * many went.
 */
export function sweepStepCgroups(parent: string, olderThanMs = LEFT_BEHIND_AFTER_MS, now = Date.now()): number {
  let names: string[];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith(PREFIX));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const dir = join(parent, name);
    try {
      if (now - statSync(dir).mtimeMs < olderThanMs || liveMembers(dir).length) continue;
      rmdirSync(dir);
      removed++;
    } catch {
      /* a process is in it (EBUSY), or another runner removed it first */
    }
  }
  return removed;
}

function liveMembers(dir: string): number[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number).filter((pid) => isLive(procInfo(pid)));
  } catch {
    return [];
  }
}

/**
 * Live processes in the step cgroups of run `runId`, wherever its runner made them (a runner
 * that died left them behind): a walk of the v2 hierarchy, a few hundred folders on a busy host.
 */
export function runCgroupMembers(runId: string): number[] {
  const mount = cgroup2Mount();
  if (!mount) return [];
  const wanted = `${PREFIX}${runId}.`;
  const found: number[] = [];
  const walk = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith(wanted)) found.push(...liveMembers(join(dir, name)));
      else if (depth < 8) walk(join(dir, name), depth + 1);
    }
  };
  walk(mount, 0);
  return found;
}

/** `base` plus every member of the step's cgroup (those the marker cannot find). */
export function withCgroup(base: ProcessFinder, cgroup: StepCgroup | undefined): ProcessFinder {
  if (!cgroup) return base;
  return {
    async find(marker) {
      const found = await base.find(marker);
      const known = new Set(found.map((p) => p.pid));
      const more: MarkedProcess[] = cgroup.members().filter((pid) => !known.has(pid) && pid !== process.pid).map((pid) => ({ pid, pgid: procInfo(pid)?.pgrp ?? pid, command: procCommand(pid) }));
      return [...found, ...more];
    },
    signal: (processes, sig) => base.signal(processes, sig),
  };
}

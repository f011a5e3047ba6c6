// The one reader of /proc (Linux): a pid's state, parent, process group, session and start
// time, its environment and command line. The start time (field 22 of /proc/PID/stat, clock
// ticks since boot) tells a live process from a new, unrelated one given a recycled pid.
// Without /proc (macOS) only kill(0) answers: alive or not, nothing more.
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  /** One-letter state: R, S, D, Z (zombie), T... */
  state: string;
  ppid: number;
  pgrp: number;
  /** Session id: a `setsid` child has its own. */
  session?: number;
  startTime: number;
}

export const HAS_PROC = (() => {
  try {
    readFileSync('/proc/self/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
})();

/** Parses /proc/PID/stat; the command name may contain spaces and ")", so split after the last ")". */
export function parseProcStat(pid: number, text: string): ProcInfo | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state); field N is rest[N - 3].
  const startTime = Number(rest[22 - 3]);
  if (!rest[0] || !Number.isFinite(startTime)) return undefined;
  const session = Number(rest[6 - 3]);
  return { pid, state: rest[0], ppid: Number(rest[4 - 3]), pgrp: Number(rest[5 - 3]), ...(Number.isFinite(session) ? { session } : {}), startTime };
}

export function procInfo(pid: number): ProcInfo | undefined {
  if (!HAS_PROC) return signalAlive(pid) ? { pid, state: 'R', ppid: 0, pgrp: 0, startTime: 0 } : undefined;
  try {
    return parseProcStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (a zombie has exited; only its exit status is left to collect). */
export function isLive(info: ProcInfo | undefined): info is ProcInfo {
  return !!info && info.state !== 'Z' && info.state !== 'X';
}

/** Alive (kill(0) answers) and not a zombie. */
export function pidAlive(pid: number): boolean {
  if (!signalAlive(pid)) return false;
  if (!HAS_PROC) return true;
  const info = procInfo(pid);
  // Unreadable stat (hidepid) but kill(0) answered: alive.
  return info === undefined || isLive(info);
}

/** The same process that was recorded: alive with the recorded start time. */
export function isSameProcess(pid: number, startTime: number | undefined): boolean {
  const info = procInfo(pid);
  if (!isLive(info)) return false;
  return startTime === undefined || !HAS_PROC || info.startTime === startTime;
}

export function selfStartTime(): number | undefined {
  return procInfo(process.pid)?.startTime;
}

/** Every pid /proc lists right now (empty without /proc). */
export function listPids(): number[] {
  if (!HAS_PROC) return [];
  try {
    return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number);
  } catch {
    return [];
  }
}

/** The environment a process was started with (NUL-separated), or undefined if unreadable. */
export function procEnviron(pid: number): Buffer | undefined {
  try {
    return readFileSync(`/proc/${pid}/environ`);
  } catch {
    return undefined;
  }
}

export function procCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Live members of process group `pgid` that started no earlier than `notBefore` (the recorded
 * leader's start time): leftovers of our service, never an older unrelated group.
 */
export function groupMembers(pgid: number, notBefore: number | undefined): number[] {
  if (!HAS_PROC) return signalAlive(-pgid) ? [pgid] : [];
  const out: number[] = [];
  for (const pid of listPids()) {
    const info = procInfo(pid);
    if (!isLive(info) || info.pgrp !== pgid) continue;
    if (notBefore !== undefined && info.startTime < notBefore) continue;
    out.push(info.pid);
  }
  return out;
}

function signalAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

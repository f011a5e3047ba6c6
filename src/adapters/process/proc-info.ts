// What the kernel says about a pid: alive, its process group and its start time. The start time
// (field 22 of /proc/PID/stat, clock ticks since boot) tells a live service from a new,
// unrelated process that happens to have been given a recycled pid.
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  /** One-letter state: R, S, D, Z (zombie), T... */
  state: string;
  ppid: number;
  pgrp: number;
  startTime: number;
}

const HAS_PROC = (() => {
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
  return { pid, state: rest[0], ppid: Number(rest[4 - 3]), pgrp: Number(rest[5 - 3]), startTime };
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

/** The same process that was recorded: alive with the recorded start time. */
export function isSameProcess(pid: number, startTime: number | undefined): boolean {
  const info = procInfo(pid);
  if (!isLive(info)) return false;
  return startTime === undefined || !HAS_PROC || info.startTime === startTime;
}

export function selfStartTime(): number | undefined {
  return procInfo(process.pid)?.startTime;
}

/**
 * Live members of process group `pgid` that started no earlier than `notBefore` (the recorded
 * leader's start time): leftovers of our service, never an older unrelated group.
 */
export function groupMembers(pgid: number, notBefore: number | undefined): number[] {
  if (!HAS_PROC) return signalAlive(-pgid) ? [pgid] : [];
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const info = procInfo(Number(e));
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

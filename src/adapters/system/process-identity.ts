// Who is this process, and is that other process still the one it was? (/proc based, Linux.)
import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';

/** Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat). */
export function procStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}

export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet (a zombie) still answers kill(0).
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

export interface ProcessStamp {
  host: string;
  pid: number;
  /** /proc start time: a reused pid has a different one. */
  pidStart?: string;
  /** Changes on reboot: every pid from before is dead. */
  bootId?: string;
}

export function currentStamp(pid = process.pid): ProcessStamp {
  return { host: hostname(), pid, pidStart: procStartTime(pid), bootId: bootId() };
}

/**
 * 'alive' | 'dead' | 'unknown' (another host: we cannot tell, so never treat it as stale).
 * A pid that is alive but started at another time is a reused pid: the holder is dead.
 */
export function stampLiveness(s: ProcessStamp): 'alive' | 'dead' | 'unknown' {
  if (s.host !== hostname()) return 'unknown';
  const boot = bootId();
  if (s.bootId && boot && s.bootId !== boot) return 'dead';
  if (!pidAlive(s.pid)) return 'dead';
  const start = procStartTime(s.pid);
  if (s.pidStart && start && s.pidStart !== start) return 'dead';
  return 'alive';
}

export interface Operator {
  user: string;
  sudoUser?: string;
  /** Address of the SSH client, from SSH_CLIENT / SSH_CONNECTION. */
  sshClient?: string;
  host: string;
}

export function currentOperator(env: NodeJS.ProcessEnv = process.env): Operator {
  let user = env.USER || env.LOGNAME || '';
  try {
    user = userInfo().username || user;
  } catch {
    /* no passwd entry (containers): keep the env value */
  }
  const ssh = (env.SSH_CLIENT || env.SSH_CONNECTION || '').trim().split(/\s+/)[0];
  return {
    user: user || 'unknown',
    ...(env.SUDO_USER ? { sudoUser: env.SUDO_USER } : {}),
    ...(ssh ? { sshClient: ssh } : {}),
    host: hostname(),
  };
}

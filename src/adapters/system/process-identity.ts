// Who is this process, and is that other process still the one it was? (/proc based, Linux.)
import { procInfo, bootId, pidAlive, HAS_PROC } from './proc-info.js';
import { hostname, userInfo } from 'node:os';

/** Start time of a process in clock ticks since boot, as text (how stamps record it). */
export function procStartTime(pid: number): string | undefined {
  const t = procInfo(pid)?.startTime;
  return t === undefined || !HAS_PROC ? undefined : String(t);
}

export { bootId, pidAlive };

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

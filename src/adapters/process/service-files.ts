// Where a process service's files live: <stateDir>/services/<profile>/<env>/<service>.{log,pid,lock,exit}.
// The logs feature tails the .log files; any opsdeck on the host finds services by the .pid files.
import { join } from 'node:path';
import { stateDir } from '../fs/state-dir.js';

/** The folder holding a profile/environment's pid, lock and log files. */
export function serviceDir(profile: string, env: string, root: string = stateDir()): string {
  for (const part of [profile, env]) if (!part || part.includes('/') || part.startsWith('.')) throw new Error(`invalid name "${part}"`);
  return join(root, 'services', profile, env);
}

/** `<stateDir>/services/<profile>/<env>/<service>.log`: the service's stdout and stderr, appended. */
export function serviceLogPath(profile: string, env: string, service: string, root: string = stateDir()): string {
  return join(serviceDir(profile, env, root), `${service}.log`);
}

export function servicePidPath(profile: string, env: string, service: string, root: string = stateDir()): string {
  return join(serviceDir(profile, env, root), `${service}.pid`);
}


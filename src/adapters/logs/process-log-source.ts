// A `process` service's own output: the supervisor appends its stdout/stderr to one file per
// service, so following that file (tail -F) is the service's built-in log source.
import { join } from 'node:path';
import { stateDir } from '../fs/state-dir.js';
import { FileLogSource, type FileLogSourceOptions } from './file-log-source.js';

/**
 * `<stateDir>/services/<profile>/<env>/<service>.log` — the same contract as the supervisor's
 * exported `serviceLogPath(profile, env, service)` (branch `lifecycle`); keep them equal.
 */
export function processLogPath(profile: string, env: string, service: string, envVars: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(envVars), 'services', profile, env, `${service}.log`);
}

export function processLogSource(profile: string, env: string, service: string, opts: Omit<FileLogSourceOptions, 'service' | 'path' | 'name'> = {}): FileLogSource {
  return new FileLogSource({ ...opts, service, path: processLogPath(profile, env, service), name: 'output' });
}

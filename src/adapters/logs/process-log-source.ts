// A `process` service's own output: the supervisor appends its stdout/stderr to one file per
// service, so following that file (tail -F) is the service's built-in log source.
import { stateDir } from '../fs/state-dir.js';
import { serviceLogPath } from '../process/service-files.js';
import { FileLogSource, type FileLogSourceOptions } from './file-log-source.js';

/** Where the supervisor writes the service's output (one rule, owned by the supervisor). */
export function processLogPath(profile: string, env: string, service: string, envVars: NodeJS.ProcessEnv = process.env): string {
  return serviceLogPath(profile, env, service, stateDir(envVars));
}

export function processLogSource(profile: string, env: string, service: string, opts: Omit<FileLogSourceOptions, 'service' | 'path' | 'name'> = {}): FileLogSource {
  return new FileLogSource({ ...opts, service, path: processLogPath(profile, env, service), name: 'output' });
}

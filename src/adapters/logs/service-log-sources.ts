// Every log source of a service: its built-in one (a process service's output file, a docker
// container's stream) followed by the `logs:` entries declared in the profile.
import { isAbsolute, resolve } from 'node:path';
import type { Profile, Service } from '../../domain/profile/profile-model.js';
import type { LogSource } from '../../ports/log-source.js';
import { FileLogSource } from './file-log-source.js';
import { CommandLogSource } from './command-log-source.js';
import { processLogSource } from './process-log-source.js';
import { DockerLogSource } from './docker-log-source.js';
import type Docker from 'dockerode';

export interface SourceOptions {
  /** @default true */
  follow?: boolean;
  /** History lines per source. @default 200 */
  tail?: number;
  sinceMs?: number;
  /** Shared docker client for the environment (created lazily otherwise). */
  docker?: Docker;
}

export function serviceLogSources(profile: Profile, envName: string, service: Service, opts: SourceOptions = {}): LogSource[] {
  const follow = opts.follow ?? true;
  const tail = opts.tail ?? 200;
  const out: LogSource[] = [];
  const p = service.provider;
  if (p.kind === 'process') out.push(processLogSource(profile.name, envName, service.name, { follow, tailLines: tail }));
  if (p.kind === 'docker') {
    // dockerode (and ssh2 under it) load only when this source starts.
    const host = profile.environments[envName]?.dockerHost;
    const docker = opts.docker ?? (() => import('../docker/docker-engine.js').then((m) => m.sharedDockerEngine(host).streams));
    out.push(new DockerLogSource({ service: service.name, docker, container: p.container, project: p.project, composeService: p.service, tail, follow, sinceMs: opts.sinceMs }));
  }
  for (const spec of service.logs) {
    if (spec.kind === 'file') {
      const path = isAbsolute(spec.path) ? spec.path : resolve(profile.baseDir, spec.path);
      out.push(new FileLogSource({ service: service.name, path, name: spec.name, tailLines: tail, follow }));
    } else {
      out.push(new CommandLogSource({ service: service.name, command: spec.command, name: spec.name, cwd: profile.baseDir, follow }));
    }
  }
  return out;
}

// Every log source of a service: its built-in one (a process service's output file, a docker
// container's stream) followed by the `logs:` entries declared in the profile.
import { isAbsolute, resolve } from 'node:path';
import { serviceHosts, type Profile, type Service } from '../../domain/profile/profile-model.js';
import { RemoteLogSource } from '../ssh/remote-log-source.js';
import type { LogSource } from '../../ports/log-source.js';
import { FileLogSource } from './file-log-source.js';
import { CommandLogSource } from './command-log-source.js';
import { processLogSource } from './process-log-source.js';
import { DockerLogSource } from './docker-log-source.js';
import { dockerPlacements } from '../../domain/fleet/docker-placements.js';
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
  const env = profile.environments[envName];
  const hosts = env ? serviceHosts(env, service) : [];
  if (service.on && hosts.length === 0) return out; // on hosts this environment does not have
  // dockerode (and ssh2 under it) load only when a Docker source starts.
  const engine = (dockerHost?: string) => () => import('../docker/docker-engine.js').then((m) => m.sharedDockerEngine(dockerHost).streams);
  if (p.kind === 'docker') {
    const common = { service: service.name, container: p.container, project: p.project, composeService: p.service, tail, follow, sinceMs: opts.sinceMs };
    // The same engines as health, actions and events (docker-placements.ts): one per host.
    for (const at of dockerPlacements(env ?? {}, service)) {
      out.push(new DockerLogSource({ ...common, ...(at.host !== undefined ? { host: at.host } : {}), docker: at.host === undefined && opts.docker ? opts.docker : engine(at.dockerHost) }));
    }
  }
  if (hosts.length > 0) {
    // On hosts: every file and command log is followed on each host, over its ssh connection.
    for (const spec of service.logs) {
      const remote = spec.kind === 'file' ? { kind: 'file' as const, path: spec.path, name: spec.name } : { kind: 'command' as const, command: spec.command, name: spec.name };
      for (const host of hosts) out.push(new RemoteLogSource({ service: service.name, host, spec: remote, tail, follow }));
    }
    return out;
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

// The one module that owns dockerode. Everything else in opsdeck talks to Docker through it, and
// every failure leaves it as a typed error (docker-errors.ts).
import Docker from 'dockerode';
import type { Agent } from 'node:http';
import type { ServiceProvider } from '../../domain/profile/profile-model.js';
import { dockerTarget, type DockerTarget } from './docker-target.js';
import { ContainerNotFoundError, toDockerError } from './docker-errors.js';
import { toContainerStatus, type ContainerStatus } from './container-state.js';
import { sshHostFor } from '../ssh/ssh-hosts.js';
import { sshDialAgent } from '../ssh/ssh-dial-socket.js';

export type DockerSpec = Extract<ServiceProvider, { kind: 'docker' }>;

export const COMPOSE_PROJECT = 'com.docker.compose.project';
export const COMPOSE_SERVICE = 'com.docker.compose.service';

/** Request timeout for ordinary calls; streams and `docker stop` use a client without one. */
const CALL_TIMEOUT_MS = 15_000;

export class DockerEngine {
  readonly target: DockerTarget;
  private readonly calls: Docker;
  /** No request timeout: event and log streams, and stops that wait out a grace period. */
  readonly streams: Docker;

  /** `host`: an environment's docker.host; falls back to DOCKER_HOST, then the default socket. */
  constructor(host?: string, env: NodeJS.ProcessEnv = process.env) {
    this.target = dockerTarget(host, env);
    const ssh = this.target.ssh;
    const agent = (max: number): { agent?: Agent } => (ssh ? { agent: sshDialAgent(() => sshHostFor(ssh.destination, ssh.destination, env), ssh.argv, { maxSockets: max }) } : {});
    // Ordinary calls share a few keep-alive dials; each stream holds one of its own. (sshd allows
    // 10 sessions per connection by default.)
    // (dockerode's types omit `agent`, which docker-modem honours.)
    this.calls = new Docker({ ...this.target.options, timeout: CALL_TIMEOUT_MS, ...agent(3) } as Docker.DockerOptions);
    this.streams = new Docker({ ...this.target.options, ...agent(Infinity) } as Docker.DockerOptions);
  }

  get display(): string {
    return this.target.display;
  }

  /** Runs a dockerode call, turning any failure into a typed error. */
  async call<T>(action: string, fn: (docker: Docker) => Promise<T>, client: Docker = this.calls): Promise<T> {
    try {
      return await fn(client);
    } catch (err) {
      throw toDockerError(err, this.display, action);
    }
  }

  /** Engine version when it answers; a DockerUnreachableError otherwise. */
  async ping(): Promise<string> {
    const v = await this.call('version', (d) => d.version());
    return v.Version;
  }

  /** The container a docker service refers to, or undefined when there is none. */
  async find(spec: DockerSpec): Promise<ContainerStatus | undefined> {
    const id = await this.findId(spec);
    if (!id) return undefined;
    try {
      const info = await this.call('inspect', (d) => d.getContainer(id).inspect());
      return toContainerStatus(info);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined; // removed meanwhile
      throw err;
    }
  }

  /**
   * Every container of the service: the one named, or every replica of a compose service (running
   * first, then by name). A container removed while listing is left out.
   */
  async findAll(spec: DockerSpec): Promise<ContainerStatus[]> {
    if (spec.container) {
      const one = await this.find(spec);
      return one ? [one] : [];
    }
    if (!(spec.project && spec.service)) return [];
    const labels = [`${COMPOSE_PROJECT}=${spec.project}`, `${COMPOSE_SERVICE}=${spec.service}`];
    const list = await this.call('ps', (d) => d.listContainers({ all: true, filters: { label: labels } }));
    const all = await Promise.all(
      list.map((c) =>
        this.call('inspect', (d) => d.getContainer(c.Id).inspect()).then(toContainerStatus, (err: unknown) => {
          if ((err as { statusCode?: number }).statusCode === 404) return undefined;
          throw err;
        }),
      ),
    );
    return all.filter((c): c is ContainerStatus => c !== undefined).sort((a, b) => Number(b.runState === 'running') - Number(a.runState === 'running') || a.name.localeCompare(b.name));
  }

  /** Like find(), but a missing container is an error naming what was looked for. */
  async get(spec: DockerSpec): Promise<ContainerStatus> {
    const found = await this.find(spec);
    if (!found) throw new ContainerNotFoundError(describeSpec(spec), this.display);
    return found;
  }

  private async findId(spec: DockerSpec): Promise<string | undefined> {
    if (spec.container) {
      // The name filter is a substring regex: list, then match the name exactly.
      const name = spec.container;
      const list = await this.call('ps', (d) => d.listContainers({ all: true, filters: { name: [name] } }));
      return list.find((c) => c.Names.some((n) => n.replace(/^\//, '') === name))?.Id;
    }
    if (spec.project && spec.service) {
      const labels = [`${COMPOSE_PROJECT}=${spec.project}`, `${COMPOSE_SERVICE}=${spec.service}`];
      const list = await this.call('ps', (d) => d.listContainers({ all: true, filters: { label: labels } }));
      // Several replicas: prefer a running one, then the newest.
      list.sort((a, b) => Number(b.State === 'running') - Number(a.State === 'running') || b.Created - a.Created);
      return list[0]?.Id;
    }
    return undefined;
  }

  async start(id: string): Promise<void> {
    await this.call('start', (d) => d.getContainer(id).start()).catch(ignoreStatus(304));
  }

  /** docker stop: SIGTERM (or the image's STOPSIGNAL), SIGKILL after `graceMs`. */
  async stop(id: string, graceMs: number): Promise<void> {
    await this.call('stop', (d) => d.getContainer(id).stop({ t: Math.ceil(graceMs / 1000) }), this.streams).catch(ignoreStatus(304));
  }

  async restart(id: string, graceMs: number): Promise<void> {
    await this.call('restart', (d) => d.getContainer(id).restart({ t: Math.ceil(graceMs / 1000) }), this.streams);
  }
}

const shared = new Map<string, DockerEngine>();

/** One engine client per docker host in this process: controllers, log sources and event streams share it. */
export function sharedDockerEngine(host?: string, env: NodeJS.ProcessEnv = process.env): DockerEngine {
  const key = dockerTarget(host, env).display;
  let engine = shared.get(key);
  if (!engine) shared.set(key, (engine = new DockerEngine(host, env)));
  return engine;
}

export function describeSpec(spec: DockerSpec): string {
  if (spec.container) return `named "${spec.container}"`;
  if (spec.project && spec.service) return `for compose project "${spec.project}" service "${spec.service}"`;
  return '(the service names neither a container nor a compose project + service)';
}

/** 304 = already started / already stopped: not a failure. */
function ignoreStatus(code: number) {
  return (err: unknown): void => {
    const e = err as { statusCode?: number };
    if (e.statusCode !== code) throw err;
  };
}

// The Docker engine the Docker suites use (DOCKER_HOST, as .ci/run and scripts/ci/services.sh
// set it), whether it answers, and throwaway containers that are always removed.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { DockerEngine } from '../../src/adapters/docker/index.js';
import { errorMessage } from '../../src/domain/errors.js';

export const TEST_IMAGE = process.env.OPSDECK_TEST_DOCKER_IMAGE || 'opsdeck-busybox:test';
export const TEST_LABEL = 'opsdeck.test';

export interface DockerTestEnv {
  available: boolean;
  reason: string;
  host: string;
}

/** Does the engine answer, and does it have the test image? */
export async function detectDocker(): Promise<DockerTestEnv> {
  let engine: DockerEngine;
  try {
    engine = new DockerEngine();
  } catch (err) {
    return { available: false, reason: errorMessage(err), host: process.env.DOCKER_HOST ?? '' };
  }
  const host = engine.display;
  const setup = 'start one with scripts/ci/services.sh start, then eval "$(scripts/ci/services.sh env)"';
  try {
    await engine.ping();
  } catch (err) {
    return { available: false, reason: `${errorMessage(err)} (${setup})`, host };
  }
  try {
    await engine.call('image inspect', (d) => d.getImage(TEST_IMAGE).inspect());
  } catch {
    return { available: false, reason: `image ${TEST_IMAGE} missing on ${host} (${setup})`, host };
  }
  return { available: true, reason: '', host };
}

export const dockerEnv = await detectDocker();

export function uniqueName(prefix: string): string {
  return `opsdeck-t-${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export interface TestContainerSpec {
  name?: string;
  cmd: string[];
  labels?: Record<string, string>;
  /** HEALTHCHECK command run by `sh -c`, checked every `healthIntervalMs`. */
  healthCmd?: string;
  healthIntervalMs?: number;
  healthRetries?: number;
  /** Container TCP port to publish on 127.0.0.1 (a free host port). */
  publish?: number;
  start?: boolean;
  /** Restart policy (the engine restarts it when it exits, or when the engine comes back). */
  restart?: 'always' | 'unless-stopped';
  /** Memory limit (docker run --memory). */
  memoryLimitBytes?: number;
}

export interface TestContainer {
  id: string;
  name: string;
  hostPort?: number;
}

const ms = (n: number): number => n * 1_000_000;

/** Creates containers from the test image and removes every one of them in removeAll(). */
export class TestContainers {
  readonly engine: DockerEngine;
  private readonly ids: string[] = [];

  /** `host`: another engine than DOCKER_HOST's (a private dockerd's `host`). */
  constructor(host?: string) {
    this.engine = new DockerEngine(host);
  }

  get docker(): Docker {
    return this.engine.streams;
  }

  async create(spec: TestContainerSpec): Promise<TestContainer> {
    const name = spec.name ?? uniqueName('c');
    const port = spec.publish ? `${spec.publish}/tcp` : undefined;
    const c = await this.docker.createContainer({
      name,
      Image: TEST_IMAGE,
      Cmd: spec.cmd,
      Labels: { [TEST_LABEL]: '1', ...spec.labels },
      ExposedPorts: port ? { [port]: {} } : undefined,
      Healthcheck: spec.healthCmd
        ? { Test: ['CMD-SHELL', spec.healthCmd], Interval: ms(spec.healthIntervalMs ?? 500), Timeout: ms(2000), Retries: spec.healthRetries ?? 1, StartPeriod: 0 }
        : undefined,
      HostConfig: { PortBindings: port ? { [port]: [{ HostIp: '127.0.0.1', HostPort: '' }] } : undefined, RestartPolicy: spec.restart ? { Name: spec.restart } : undefined, Memory: spec.memoryLimitBytes },
    });
    this.ids.push(c.id);
    if (spec.start !== false) await c.start();
    let hostPort: number | undefined;
    if (port && spec.start !== false) {
      const info = await c.inspect();
      hostPort = Number(info.NetworkSettings.Ports[port]?.[0]?.HostPort);
    }
    return { id: c.id, name, hostPort };
  }

  async exec(id: string, cmd: string[]): Promise<void> {
    const ex = await this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: false, AttachStderr: false });
    await ex.start({ Detach: true });
  }

  async removeAll(): Promise<void> {
    for (const id of this.ids.splice(0)) {
      await this.docker.getContainer(id).remove({ force: true }).catch(() => undefined);
    }
  }
}

export { until } from './until.js';

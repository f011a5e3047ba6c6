// An engine that is not there: every entry point gives the typed error with a clear message,
// never a crash. Needs no engine, so it always runs.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DockerEngine, DockerServiceController, createDockerController, DockerUnreachableError, containerHealth, watchEngineEvents, type EngineEventsStatus } from '../../../src/adapters/docker/index.js';
import type { Service } from '../../../src/domain/profile/profile-model.js';
import { UsageError } from '../../../src/domain/errors.js';
import { toDockerError } from '../../../src/adapters/docker/docker-errors.js';
import { PassThrough } from 'node:stream';

const sock = join(tmpdir(), `opsdeck-no-docker-${process.pid}-${Math.random().toString(16).slice(2)}.sock`);
const svc: Service = { name: 'db', dependsOn: [], provider: { kind: 'docker', container: 'shop-db' }, health: [], logs: [] };

describe('unreachable Docker engine', () => {
  const engine = new DockerEngine(`unix://${sock}`);

  it('a connection torn down under a request (the engine behind ssh went away) is unreachable, not a failed call', async () => {
    const connection = new PassThrough();
    connection.destroy();
    const err = await new Promise<unknown>((resolve) => connection.write('GET /containers/json', (e) => resolve(e)));
    const mapped = toDockerError(err, 'ssh://web-2', 'ps');
    expect(mapped).toBeInstanceOf(DockerUnreachableError);
    expect(mapped.message).toBe('cannot reach Docker at ssh://web-2: Cannot call write after a stream was destroyed');
  });

  it('ping rejects with DockerUnreachableError naming the address and the cause', async () => {
    const err = await engine.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerUnreachableError);
    expect((err as Error).message).toBe(`cannot reach Docker at unix://${sock}: connect ENOENT ${sock}`);
    expect((err as DockerUnreachableError).hint).toMatch(/DOCKER_HOST/);
  });

  it('the controller rejects with the typed error; the container check fails with the message', async () => {
    const controller = new DockerServiceController(engine);
    await expect(controller.runState(svc)).rejects.toBeInstanceOf(DockerUnreachableError);
    await expect(controller.stop(svc)).rejects.toThrow(/^cannot reach Docker at unix:\/\/.*: connect ENOENT/);
    const check = await containerHealth(svc, engine);
    expect(check.ok).toBe(false);
    expect(check.error).toBe(`cannot reach Docker at unix://${sock}: connect ENOENT ${sock}`);
  });

  it('the event watcher reports disconnected and keeps retrying instead of throwing', async () => {
    const statuses: EngineEventsStatus[] = [];
    const ac = new AbortController();
    watchEngineEvents(engine, { event: () => undefined, status: (s) => statuses.push(s) }, ac.signal, { backoffMs: 20, maxBackoffMs: 40 });
    await new Promise((r) => setTimeout(r, 400));
    ac.abort();
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses.every((s) => s.state === 'disconnected')).toBe(true);
    expect(statuses[0]).toMatchObject({ state: 'disconnected', reason: expect.stringMatching(/connect ENOENT/) });
  });

  it("an environment's docker.host wins over DOCKER_HOST", async () => {
    const controller = createDockerController({ dockerHost: `unix://${sock}` });
    expect(controller.engine.display).toBe(`unix://${sock}`);
    await expect(controller.status(svc)).rejects.toThrow(`cannot reach Docker at unix://${sock}: connect ENOENT ${sock}`);
  });

  it('a malformed docker host is a usage error, not a crash', () => {
    expect(() => new DockerEngine('ftp://x')).toThrow(UsageError);
    expect(() => new DockerEngine('unix://relative.sock')).toThrow(/absolute path/);
    expect(new DockerEngine('tcp://10.0.0.5:2375').display).toBe('tcp://10.0.0.5:2375');
    // ssh:// goes through the operator's OpenSSH (dial-stdio), never dockerode's own ssh client.
    expect(new DockerEngine(undefined, { DOCKER_HOST: 'ssh://deploy@stg-1' }).target.ssh).toEqual({ destination: 'deploy@stg-1', argv: ['docker', 'system', 'dial-stdio'] });
    expect(new DockerEngine('ssh://deploy@stg-1:2222/run/user/1000/docker.sock', {}).target.ssh).toEqual({ destination: 'ssh://deploy@stg-1:2222', argv: ['docker', '--host=unix:///run/user/1000/docker.sock', 'system', 'dial-stdio'] });
    expect(new DockerEngine('tcp://10.0.0.5:2376', {}).target.options).toMatchObject({ protocol: 'https', port: '2376' });
    expect(new DockerEngine(undefined, {}).display).toBe('unix:///var/run/docker.sock');
  });
});

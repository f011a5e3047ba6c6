// Docker suite: a real engine (DOCKER_HOST) and the CI image opsdeck-busybox:test.
import { afterAll, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import { DockerLogSource } from '../../../src/adapters/logs/docker-log-source.js';
import { DockerEngine } from '../../../src/adapters/docker/index.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { waitFor } from './collect.js';

const host = process.env.DOCKER_HOST;
const available = !!host && (!host.startsWith('unix://') || existsSync(host.slice('unix://'.length)));
const IMAGE = 'opsdeck-busybox:test';

describeIfAvailable('docker log source (real engine)', available, 'no Docker engine: set DOCKER_HOST (see .ci/run)', () => {
  const docker: Docker = new DockerEngine(host).streams;
  const made: Docker.Container[] = [];
  afterAll(async () => {
    for (const c of made) await c.remove({ force: true }).catch(() => undefined);
  });

  async function run(tty: boolean, script: string): Promise<string> {
    const name = `opsdeck-logs-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const c = await docker.createContainer({ name, Image: IMAGE, Cmd: ['sh', '-c', script], Tty: tty });
    made.push(c);
    await c.start();
    return name;
  }

  function follow(container: string) {
    const got: Array<{ text: string; stream?: string; at?: number }> = [];
    const errors: string[] = [];
    const abort = new AbortController();
    new DockerLogSource({ service: 'web', docker, container, tail: 100 }).start(
      { chunk: (c) => got.push({ text: c.text, stream: c.stream, at: c.at }), error: (m) => errors.push(m) },
      abort.signal,
    );
    return { got, errors, abort };
  }

  it('demultiplexes stdout and stderr of a non-TTY container, with engine timestamps', async () => {
    const name = await run(false, 'echo out-one; echo err-one >&2; echo out-two; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done');
    const f = follow(name);
    await waitFor(() => f.got.some((g) => g.text === 'tick-3\n'), 'ticks from the container', 20_000);
    f.abort.abort();
    expect(f.got.find((g) => g.text === 'out-one\n')?.stream).toBe('stdout');
    expect(f.got.find((g) => g.text === 'err-one\n')?.stream).toBe('stderr');
    expect(f.got.every((g) => typeof g.at === 'number' && Math.abs(g.at - Date.now()) < 120_000)).toBe(true);
    const ticks = f.got.filter((g) => g.text.startsWith('tick-')).map((g) => g.text);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it('reads a TTY container as one raw stream', async () => {
    const name = await run(true, 'echo tty-line; sleep 30');
    const f = follow(name);
    await waitFor(() => f.got.some((g) => g.text.startsWith('tty-line')), 'tty output', 20_000);
    f.abort.abort();
    expect(f.got.find((g) => g.text.startsWith('tty-line'))!.text.replace(/\r?\n$/, '').replace(/\r$/, '')).toBe('tty-line');
  });

  it('reports a missing container as the source error', async () => {
    const f = follow(`opsdeck-no-such-container-${process.pid}`);
    await waitFor(() => f.errors.length > 0, 'error');
    f.abort.abort();
    expect(f.errors[0]).toMatch(/container not found|no such container/i);
  });
});

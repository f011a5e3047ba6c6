// CPU and memory of a docker service's running containers, from the engine's stats stream
// (GET /containers/{id}/stats?stream=1: one sample a second per container). Followed only while
// someone asks (the service screen is open): every stream closes when `signal` aborts. Replicas
// that start later are picked up by a cheap re-listing; a stream that ends (container stopped,
// engine gone) drops that container's figures rather than leaving stale ones on screen.
import { cpuCounters, statsFromSample, type CpuCounters, type ContainerStats, type StatsSample } from '../../domain/fleet/container-stats.js';
import type { DockerEngine, DockerSpec } from './docker-engine.js';
import { onJsonLines } from './json-lines.js';

export interface FollowStatsOptions {
  /** How often the service's containers are listed again (new replicas, stopped ones). @default 3000 */
  relistMs?: number;
  /** Samples are handed on at most this often (all containers at once). @default 250 */
  batchMs?: number;
}

/** Calls `onStats` with the figures of every followed container of `spec` until `signal` aborts. */
export function followServiceStats(engine: DockerEngine, spec: DockerSpec, onStats: (stats: ContainerStats[]) => void, signal: AbortSignal, options: FollowStatsOptions = {}): void {
  const streams = new Map<string, AbortController>();
  const latest = new Map<string, ContainerStats>();
  let batch: NodeJS.Timeout | undefined;
  let relist: NodeJS.Timeout | undefined;

  const emit = (): void => {
    batch ??= setTimeout(() => {
      batch = undefined;
      if (!signal.aborted) onStats([...latest.values()]);
    }, options.batchMs ?? 250);
  };
  const drop = (id: string): void => {
    streams.get(id)?.abort();
    streams.delete(id);
    if (latest.delete(id)) emit();
  };

  const list = async (): Promise<void> => {
    try {
      const running = (await engine.findAll(spec)).filter((c) => c.runState === 'running');
      if (signal.aborted) return;
      for (const id of [...streams.keys()]) if (!running.some((c) => c.id === id)) drop(id);
      for (const c of running) if (!streams.has(c.id)) follow(c.id, c.name);
    } catch {
      // Engine unreachable: its streams end on their own; the next listing tries again.
    }
    if (!signal.aborted) relist = setTimeout(() => void list(), options.relistMs ?? 3000);
  };

  const follow = (id: string, name: string): void => {
    const ac = new AbortController();
    streams.set(id, ac);
    void followContainer(engine, id, name, (s) => {
      if (streams.get(id) !== ac) return;
      latest.set(id, s);
      emit();
    }, ac.signal).finally(() => streams.get(id) === ac && drop(id));
  };

  signal.addEventListener('abort', () => {
    clearTimeout(batch);
    clearTimeout(relist);
    for (const ac of streams.values()) ac.abort();
    streams.clear();
  }, { once: true });
  void list();
}

/** One container's stats stream; resolves when it ends, fails, or `signal` aborts. */
async function followContainer(engine: DockerEngine, id: string, name: string, onSample: (s: ContainerStats) => void, signal: AbortSignal): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await engine.call('stats', (d) => d.getContainer(id).stats({ stream: true }), engine.streams)) as unknown as NodeJS.ReadableStream;
  } catch {
    return;
  }
  const destroy = (): void => (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
  if (signal.aborted) return destroy();
  let previous: CpuCounters | undefined;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = (): void => {
      destroy();
      done();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    onJsonLines(stream, (line) => {
      let sample: StatsSample;
      try {
        sample = JSON.parse(line) as StatsSample;
      } catch {
        return;
      }
      onSample(statsFromSample(id, sample, previous, Date.now(), name));
      previous = cpuCounters(sample) ?? previous;
    });
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

/**
 * One sample per running container without following (stream=false: the engine waits about a
 * second to measure CPU over, ~2 s for 3 containers here: bench/engine-restart.ts). What
 * `status --json` would pay per call; it takes none.
 */
export async function sampleServiceStats(engine: DockerEngine, spec: DockerSpec): Promise<ContainerStats[]> {
  const running = (await engine.findAll(spec)).filter((c) => c.runState === 'running');
  const samples = await Promise.all(running.map(async (c) => {
    try {
      const sample = (await engine.call('stats', (d) => d.getContainer(c.id).stats({ stream: false }), engine.streams)) as StatsSample;
      return statsFromSample(c.id, sample, undefined, Date.now(), c.name);
    } catch {
      return undefined;
    }
  }));
  return samples.filter((s): s is ContainerStats => s !== undefined);
}

// A container's output as raw chunks, in the Engine's real stream format: multiplexed frames
// (8-byte header: stream type + length) unless the container has a TTY, demultiplexed here.
import { PassThrough } from 'node:stream';
import type { RawLogChunk } from '../../ports/log-source.js';
import type { DockerEngine, DockerSpec } from './docker-engine.js';

export interface ContainerLogOptions {
  follow?: boolean;
  /** Last N lines first (default 200). */
  tail?: number;
  /** Seconds since epoch. */
  since?: number;
}

/**
 * Streams a container's stdout and stderr as chunks until `signal` aborts (or, without
 * `follow`, until the output ends). Resolves when the stream ends; rejects with a typed error
 * when the engine or the container cannot be reached.
 */
export async function streamContainerLogs(
  engine: DockerEngine,
  spec: DockerSpec,
  options: ContainerLogOptions,
  onChunk: (chunk: RawLogChunk) => void,
  signal: AbortSignal,
): Promise<void> {
  const c = await engine.get(spec);
  const info = await engine.call('inspect', (d) => d.getContainer(c.id).inspect());
  const tty = Boolean(info.Config.Tty);
  const opts = { stdout: true, stderr: true, tail: options.tail ?? 200, since: options.since ?? 0, timestamps: false };
  const raw: NodeJS.ReadableStream | Buffer = options.follow
    ? await engine.call('logs', (d) => d.getContainer(c.id).logs({ ...opts, follow: true }), engine.streams)
    : await engine.call('logs', (d) => d.getContainer(c.id).logs({ ...opts, follow: false }), engine.streams);
  if (Buffer.isBuffer(raw)) {
    // Without follow dockerode hands back the whole body.
    const s = new PassThrough();
    s.end(raw);
    return pump(s, tty, engine, onChunk, signal);
  }
  return pump(raw, tty, engine, onChunk, signal);
}

function pump(raw: NodeJS.ReadableStream, tty: boolean, engine: DockerEngine, onChunk: (c: RawLogChunk) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const destroy = (): void => (raw as unknown as { destroy(): void }).destroy();
    if (signal.aborted) {
      destroy();
      resolve();
      return;
    }
    signal.addEventListener('abort', () => { destroy(); resolve(); }, { once: true });
    if (tty) {
      raw.on('data', (b: Buffer) => onChunk({ text: b.toString('utf8'), stream: 'stdout' }));
    } else {
      const out = new PassThrough();
      const err = new PassThrough();
      out.on('data', (b: Buffer) => onChunk({ text: b.toString('utf8'), stream: 'stdout' }));
      err.on('data', (b: Buffer) => onChunk({ text: b.toString('utf8'), stream: 'stderr' }));
      engine.streams.modem.demuxStream(raw, out, err);
    }
    raw.on('end', () => resolve());
    raw.on('close', () => resolve());
    raw.on('error', (e: Error) => (signal.aborted ? resolve() : reject(e)));
  });
}

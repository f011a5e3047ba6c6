// A docker service's container output through the Engine API (dockerode). Non-TTY containers
// send the 8-byte-header multiplexed stream (demultiplexed here into stdout and stderr); TTY
// containers send raw bytes. Timestamps are requested so a reconnect (the container restarted,
// the engine went away) resumes with `since` and skips what was already delivered.
import type Docker from 'dockerode';
import { StringDecoder } from 'node:string_decoder';
import type { LogSource, LogSourceEvents } from '../../ports/log-source.js';
import { DockerFrameDecoder, splitDockerTimestamp } from '../../domain/logs/docker-frames.js';
import { LineSplitter } from '../../domain/logs/line-splitter.js';
import { Backoff, sleep } from './abortable-wait.js';

export interface DockerLogSourceOptions {
  service: string;
  /** The client, or how to get it: a loader keeps dockerode unloaded until the source starts. */
  docker: Docker | (() => Promise<Docker>);
  /** The host whose engine this is, for services on several hosts (lines show service@host). */
  host?: string;
  /** Container name or id; or compose project + service labels. */
  container?: string;
  project?: string;
  composeService?: string;
  /** Lines of history. @default 200 */
  tail?: number;
  /** Only lines newer than this (ms since epoch). */
  sinceMs?: number;
  /** @default true */
  follow?: boolean;
  /** @default 1000 */
  backoffMs?: number;
  /** How long the calls that open the stream may take before the attempt counts as failed. @default 15000 */
  setupTimeoutMs?: number;
}

/**
 * An engine that is going down (or not yet up) can accept a connection and never answer it: the
 * logs then stayed on "retrying" for good (seen in CI after an engine restart). The calls that
 * open the stream get this long; the stream itself may stay quiet for as long as the container does.
 */
const SETUP_TIMEOUT_MS = 15_000;

export class DockerLogSource implements LogSource {
  readonly id: string;
  readonly service: string;
  readonly host?: string;
  private readonly setupMs: number;

  constructor(private readonly opts: DockerLogSourceOptions) {
    this.setupMs = opts.setupTimeoutMs ?? SETUP_TIMEOUT_MS;
    this.service = opts.service;
    this.host = opts.host;
    this.id = `${opts.service}${opts.host ? `@${opts.host}` : ''}:docker:${opts.container ?? `${opts.project}/${opts.composeService}`}`;
  }

  start(events: LogSourceEvents, signal: AbortSignal): void {
    const run = this.opts.container ? this.loop(events, signal) : this.replicas(events, signal);
    void run.catch((e: unknown) => events.error(dockerMessage(e)));
  }

  /**
   * A compose service: every replica's output, each line tagged with its container name; replicas
   * that appear later (scale up, recreate) are picked up on the next listing, removed ones dropped.
   */
  private async replicas(events: LogSourceEvents, signal: AbortSignal): Promise<void> {
    const following = new Map<string, Promise<void>>();
    let listedOk: boolean | undefined;
    for (;;) {
      try {
        this.client ??= typeof this.opts.docker === 'function' ? await this.opts.docker() : this.opts.docker;
        const listing = answerWithin(this.setupMs, signal);
        const list = await this.client
          .listContainers({ all: true, filters: { label: [`com.docker.compose.project=${this.opts.project}`, `com.docker.compose.service=${this.opts.composeService}`] }, abortSignal: listing.signal })
          .finally(() => listing.done());
        if (listedOk !== true) events.status?.('live');
        listedOk = true;
        if (list.length === 0 && following.size === 0) events.error(`no container for compose project "${this.opts.project}" service "${this.opts.composeService}"`);
        for (const c of list) {
          if (following.has(c.Id)) continue;
          const name = (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
          const tagged: LogSourceEvents = { chunk: (ch) => events.chunk({ ...ch, instance: name }), error: (m) => events.error(`${name}: ${m}`) };
          following.set(c.Id, this.loop(tagged, signal, c.Id).finally(() => following.delete(c.Id)));
        }
      } catch (e) {
        if (signal.aborted) return;
        if (listedOk !== false) events.status?.('reconnecting', dockerMessage(e));
        listedOk = false;
      }
      if (this.opts.follow === false) {
        await Promise.all(following.values());
        events.status?.('ended');
        return;
      }
      await sleep(2000, signal);
      if (signal.aborted) return;
    }
  }

  private async loop(events: LogSourceEvents, signal: AbortSignal, replicaId?: string): Promise<void> {
    // Capped at 5 s: after an engine restart the logs resume within seconds, not a quarter
    // minute later; a failed attempt costs one request.
    const backoff = new Backoff(this.opts.backoffMs ?? 1000, 5_000);
    let lastAt: number | undefined;
    let first = true;
    while (!signal.aborted) {
      const started = Date.now();
      let reason = 'log stream ended';
      const setup = answerWithin(this.setupMs, signal);
      try {
        const container = replicaId ? await this.byId(replicaId) : await this.resolve(setup.signal);
        const info = await container.inspect({ abortSignal: setup.signal });
        const tty = !!info.Config?.Tty;
        const base = { stdout: true, stderr: true, timestamps: true } as const;
        const since = lastAt !== undefined ? lastAt / 1000 : this.opts.sinceMs !== undefined ? this.opts.sinceMs / 1000 : undefined;
        const tail = first ? (this.opts.tail ?? 200) : undefined;
        const sink = new StreamSink(tty, events, lastAt, (at) => (lastAt = at));
        events.status?.('live');
        if (this.opts.follow === false) {
          const buf = await container.logs({ ...base, follow: false, tail, since: since === undefined ? undefined : Math.floor(since), abortSignal: setup.signal });
          sink.push(buf);
          sink.end();
          events.status?.('ended');
          return;
        }
        const stream = await container.logs({ ...base, follow: true, tail, since: since === undefined ? undefined : since.toFixed(3), abortSignal: setup.signal });
        setup.done();
        first = false;
        await pump(stream, sink, signal);
        if (!info.State?.Running) reason = 'container is not running';
      } catch (e) {
        if (signal.aborted) return;
        if (replicaId && (e as { statusCode?: number }).statusCode === 404) return; // replica removed
        reason = setup.timedOut() ? `docker engine did not answer within ${span(this.setupMs)}` : dockerMessage(e);
        events.error(reason);
        if (this.opts.follow === false) {
          events.status?.('ended', reason);
          return;
        }
      } finally {
        setup.done();
      }
      if (signal.aborted) return;
      const delay = backoff.next(Date.now() - started);
      events.status?.('reconnecting', `${reason}; retrying in ${Math.round(delay / 1000)}s`);
      await sleep(delay, signal);
    }
  }

  private client?: Docker;

  private async byId(id: string): Promise<Docker.Container> {
    this.client ??= typeof this.opts.docker === 'function' ? await this.opts.docker() : this.opts.docker;
    return this.client.getContainer(id);
  }

  private async resolve(abortSignal: AbortSignal): Promise<Docker.Container> {
    const { container, project, composeService } = this.opts;
    this.client ??= typeof this.opts.docker === 'function' ? await this.opts.docker() : this.opts.docker;
    const docker = this.client;
    if (container) return docker.getContainer(container);
    const list = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${composeService}`] }, abortSignal });
    const pick = list.find((c) => c.State === 'running') ?? list[0];
    if (!pick) throw new Error(`no container for compose project "${project}" service "${composeService}"`);
    return docker.getContainer(pick.Id);
  }
}

/** Bytes → demultiplexed, timestamp-stripped lines → chunks (one per line, carrying its time). */
class StreamSink {
  private readonly frames = new DockerFrameDecoder();
  private readonly text = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly lines = { stdout: new LineSplitter(), stderr: new LineSplitter() };

  constructor(private readonly tty: boolean, private readonly events: LogSourceEvents, private readonly skipUpTo: number | undefined, private readonly seen: (at: number) => void) {}

  push(data: Uint8Array): void {
    if (this.tty) this.emit('stdout', this.text.stdout.write(Buffer.from(data)));
    else for (const f of this.frames.push(data)) this.emit(f.stream, this.text[f.stream].write(Buffer.from(f.payload)));
  }

  end(): void {
    for (const s of ['stdout', 'stderr'] as const) for (const l of this.lines[s].flush()) this.line(s, l);
  }

  private emit(stream: 'stdout' | 'stderr', text: string): void {
    for (const l of this.lines[stream].push(text)) this.line(stream, l);
  }

  private line(stream: 'stdout' | 'stderr', raw: string): void {
    const { at, text } = splitDockerTimestamp(raw);
    if (at !== undefined) {
      if (this.skipUpTo !== undefined && at <= this.skipUpTo) return; // already delivered before a reconnect
      this.seen(at);
    }
    this.events.chunk({ text: text + '\n', stream, at });
  }
}

function pump(stream: NodeJS.ReadableStream, sink: StreamSink, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const destroy = () => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    const done = () => {
      signal.removeEventListener('abort', onAbort);
      sink.end();
      resolve();
    };
    const onAbort = () => {
      destroy();
      done();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (d: Buffer) => sink.push(d));
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

/** A signal that aborts after `ms`, or with `outer`; done() ends the clock (the stream is open). */
function answerWithin(ms: number, outer: AbortSignal): { signal: AbortSignal; done(): void; timedOut(): boolean } {
  const c = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    c.abort();
  }, ms);
  const onAbort = () => c.abort();
  outer.addEventListener('abort', onAbort, { once: true });
  return {
    signal: c.signal,
    done: () => {
      clearTimeout(timer);
      outer.removeEventListener('abort', onAbort);
    },
    timedOut: () => expired,
  };
}

const span = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${ms}ms`);

function dockerMessage(e: unknown): string {
  const err = e as { statusCode?: number; reason?: string; message?: string; code?: string };
  if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') return `docker engine unreachable (${err.code})`;
  if (err.statusCode === 404) return 'container not found';
  return `docker: ${err.reason ?? err.message ?? String(e)}`;
}

// A file followed with `tail -F` semantics: starts from its last N lines, follows appends,
// reopens the path when the file is replaced (rename rotation: the old file is read to its end
// first, so nothing written before the switch is lost) and starts over when it is truncated.
// fs.watch on the directory wakes it early; a poll catches whatever watch misses (NFS, editors).
import { open, stat, type FileHandle } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { LogSource, LogSourceEvents } from '../../ports/log-source.js';
import { sleep, Waker } from './abortable-wait.js';

export interface FileLogSourceOptions {
  service: string;
  path: string;
  /** Shown in ids and prefixes. @default 'file' */
  name?: string;
  /** Lines of history read at start. @default 200 */
  tailLines?: number;
  /** Keep following; false reads the history and ends. @default true */
  follow?: boolean;
  /** @default 250 */
  pollMs?: number;
  /**
   * After a watch wake-up, wait this long before reading, so appends that come in quick
   * succession (a writer flushing every few ms) are read at once. @default 30
   */
  gatherMs?: number;
}

const READ_SIZE = 256 * 1024;
/** Never read more than this much history backwards looking for N lines. */
const MAX_HISTORY_BYTES = 8 * 1024 * 1024;

export class FileLogSource implements LogSource {
  readonly id: string;
  readonly service: string;

  constructor(private readonly opts: FileLogSourceOptions) {
    this.service = opts.service;
    this.id = `${opts.service}:${opts.name ?? 'file'}:${opts.path}`;
  }

  start(events: LogSourceEvents, signal: AbortSignal): void {
    void new FileFollower(this.opts, events, signal).run().catch((e: unknown) => events.error(`${this.opts.path}: ${(e as Error).message}`));
  }
}

class FileFollower {
  private fh?: FileHandle;
  private ino = -1;
  private dev = -1;
  private pos = 0;
  private decoder = new StringDecoder('utf8');
  private readonly buf = Buffer.allocUnsafe(READ_SIZE);
  private readonly waker = new Waker();
  private watcher?: FSWatcher;
  private missingReported = false;

  constructor(private readonly opts: FileLogSourceOptions, private readonly events: LogSourceEvents, private readonly signal: AbortSignal) {}

  async run(): Promise<void> {
    const follow = this.opts.follow ?? true;
    const pollMs = this.opts.pollMs ?? 250;
    let lastCheck = 0;
    try {
      await this.openPath(true);
      if (follow) this.startWatch();
      for (;;) {
        if (this.fh) await this.drain();
        if (!follow) {
          this.events.status?.('ended');
          return;
        }
        const waitedFrom = Date.now();
        await this.waker.wait(pollMs, this.signal);
        if (Date.now() - waitedFrom < pollMs) await sleep(this.opts.gatherMs ?? 30, this.signal);
        if (this.signal.aborted) return;
        // A watch wake-up (an append) only needs a read; rotation and truncation are checked at
        // the poll rate, which saves two stat calls per append under a flood.
        if (!this.fh || Date.now() - lastCheck >= pollMs) {
          lastCheck = Date.now();
          await this.check();
        }
      }
    } finally {
      this.watcher?.close();
      await this.fh?.close().catch(() => undefined);
      this.fh = undefined;
    }
  }

  private startWatch(): void {
    try {
      const name = basename(this.opts.path);
      this.watcher = watch(dirname(this.opts.path), { persistent: false }, (_ev, file) => {
        if (!file || file === name) this.waker.wake();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // Polling alone still works.
    }
  }

  /** Opens the path; at start, positions at the last N lines, otherwise at the beginning. */
  private async openPath(initial: boolean): Promise<boolean> {
    let fh: FileHandle;
    try {
      fh = await open(this.opts.path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!this.missingReported) {
        this.missingReported = true;
        this.events.status?.('reconnecting', code === 'ENOENT' ? 'waiting for the file to appear' : `cannot open: ${code}`);
        if (code !== 'ENOENT') this.events.error(`${this.opts.path}: cannot open (${code ?? (e as Error).message})`);
      }
      return false;
    }
    const st = await fh.stat();
    this.fh = fh;
    this.ino = st.ino;
    this.dev = st.dev;
    this.decoder = new StringDecoder('utf8');
    this.pos = initial ? await tailOffset(fh, st.size, this.opts.tailLines ?? 200) : 0;
    this.missingReported = false;
    this.events.status?.('live');
    return true;
  }

  private async check(): Promise<void> {
    if (this.fh) {
      const cur = await this.fh.stat();
      if (cur.size < this.pos) {
        // Truncated in place (copytruncate, `> file`): what is there now is new.
        this.pos = 0;
        this.decoder = new StringDecoder('utf8');
      }
    }
    let st;
    try {
      st = await stat(this.opts.path);
    } catch {
      return; // Renamed away and not recreated yet: keep reading the old file meanwhile.
    }
    if (!this.fh) {
      await this.openPath(false);
      return;
    }
    if (st.ino !== this.ino || st.dev !== this.dev) {
      // Rotated: finish the old file, then follow the new one from its start.
      await this.drain();
      const rest = this.decoder.end();
      if (rest) this.events.chunk({ text: rest });
      await this.fh.close().catch(() => undefined);
      this.fh = undefined;
      await this.openPath(false);
    }
  }

  private async drain(): Promise<void> {
    const fh = this.fh!;
    while (!this.signal.aborted) {
      const { bytesRead } = await fh.read(this.buf, 0, READ_SIZE, this.pos);
      if (bytesRead === 0) return;
      this.pos += bytesRead;
      const text = this.decoder.write(this.buf.subarray(0, bytesRead));
      if (text) this.events.chunk({ text });
      if (bytesRead < READ_SIZE) return;
    }
  }
}

/** Offset where the last `lines` lines begin (a trailing newline does not count as a line). */
export async function tailOffset(fh: FileHandle, size: number, lines: number): Promise<number> {
  if (lines <= 0) return size;
  const block = Buffer.allocUnsafe(64 * 1024);
  let end = size;
  let seen = 0;
  let first = true;
  while (end > 0 && size - end < MAX_HISTORY_BYTES) {
    const start = Math.max(0, end - block.length);
    const { bytesRead } = await fh.read(block, 0, end - start, start);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (block[i] !== 10) continue;
      if (first && start + i === size - 1) continue; // the file's final newline
      if (++seen === lines) return start + i + 1;
    }
    first = false;
    end = start;
  }
  return end;
}

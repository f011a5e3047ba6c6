// An append-only JSON-lines file read incrementally: each read() stats the file and, when it
// grew, reads and parses only the bytes past the last offset (a console re-reads incident files
// and the audit log every 2 s; re-parsing 5,000 lines each time stalled its event loop). An
// unchanged size and mtime costs one stat. A file that shrank, was replaced (another inode) or
// rewritten in place (same size and a new mtime, or the bytes just before the offset no longer
// the ones read last time: truncated and grown again) is read again from the start: `generation` then
// changes, so anything derived from `records` knows to start over too. A final line without its
// newline (a write in progress, or torn by a crash) is held back until it is complete.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export interface JsonlTailRead<T> {
  /** Every complete record so far, oldest first. Appended to in place: treat as read-only. */
  readonly records: readonly T[];
  /** Changes when the file was read again from the start (truncated, rotated, rewritten). */
  readonly generation: number;
  /** Complete lines that were not JSON since the last restart. */
  readonly corrupt: number;
}

export interface JsonlTail<T> extends JsonlTailRead<T> {
  readonly file: string;
  /** Brings `records` up to date with the file; returns this. */
  read(): JsonlTailRead<T>;
}

const EDGE = 32;

/** Bytes [from, to) of the file (fewer if it is shorter by now). */
function readRange(fd: number, from: number, to: number): Buffer {
  const buf = Buffer.allocUnsafe(Math.max(0, to - from));
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, from + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/**
 * `pick` keeps only what the reader needs of each parsed line (the audit log's hashes and MACs
 * need not stay in a console's memory); returning undefined drops the line.
 */
export function createJsonlTail<T>(file: string, pick: (parsed: unknown) => T | undefined = (x) => x as T): JsonlTail<T> {
  let records: T[] = [];
  let generation = 0;
  let corrupt = 0;
  let offset = 0;
  let pending: Buffer = Buffer.alloc(0);
  /** The last bytes read (up to EDGE): re-read and compared with each growth. */
  let edge: Buffer = Buffer.alloc(0);
  let seen: { dev: number; ino: number; size: number; mtimeMs: number } | undefined;

  const restart = () => {
    if (offset === 0 && records.length === 0 && pending.length === 0) return;
    records = [];
    corrupt = 0;
    offset = 0;
    pending = Buffer.alloc(0);
    edge = Buffer.alloc(0);
    generation++;
  };

  const parseLines = (buf: Buffer) => {
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      const line = buf.toString('utf8', start, nl);
      start = nl + 1;
      if (line.trim() === '') continue;
      try {
        const parsed: unknown = JSON.parse(line);
        const kept = pick(parsed);
        if (kept !== undefined) records.push(kept);
      } catch {
        corrupt++;
      }
    }
    pending = start < buf.length ? Buffer.from(buf.subarray(start)) : Buffer.alloc(0);
  };

  const tail: JsonlTail<T> = {
    file,
    get records() {
      return records;
    },
    get generation() {
      return generation;
    },
    get corrupt() {
      return corrupt;
    },
    read() {
      const st = statSync(file, { throwIfNoEntry: false });
      if (!st) {
        restart();
        seen = undefined;
        return tail;
      }
      const replaced = seen !== undefined && (st.ino !== seen.ino || st.dev !== seen.dev);
      const shrank = st.size < offset;
      const rewritten = seen !== undefined && st.size === seen.size && st.mtimeMs !== seen.mtimeMs;
      if (replaced || shrank || rewritten) restart();
      seen = { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
      if (st.size === offset) return tail;
      const fd = openSync(file, 'r');
      try {
        let chunk = readRange(fd, offset - edge.length, st.size);
        if (!chunk.subarray(0, edge.length).equals(edge)) {
          restart();
          chunk = readRange(fd, 0, st.size);
        }
        const fresh = chunk.subarray(edge.length);
        offset += fresh.length;
        edge = Buffer.from(chunk.subarray(Math.max(0, chunk.length - EDGE)));
        parseLines(pending.length ? Buffer.concat([pending, fresh]) : fresh);
      } finally {
        closeSync(fd);
      }
      return tail;
    },
  };
  return tail;
}

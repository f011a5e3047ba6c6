// Append-only JSON-lines journal: one write() per record, fsync'd, so a crash leaves at most a
// torn final line, which the reader ignores and reports instead of failing.
import { closeSync, fsyncSync, openSync, readFileSync, writeSync, existsSync, ftruncateSync, fstatSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { openStateFile } from './state-dir.js';

export interface JournalRead<T> {
  records: T[];
  /** A final line without its newline: a write cut short by a crash. Ignored. */
  tornTail?: string;
  /** The torn line's number (1-based), when there is one. */
  tornLine?: number;
  /** Complete lines that are not JSON (1-based line numbers). Skipped, never fatal. */
  corrupt: { line: number; text: string }[];
}

/** Parses journal text tolerantly: never throws on damage, says what it skipped. */
export function parseJsonLines<T>(text: string): JournalRead<T> {
  const records: T[] = [];
  const corrupt: { line: number; text: string }[] = [];
  const parts = text.split('\n');
  const last = parts.pop() ?? '';
  parts.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      corrupt.push({ line: i + 1, text: line.slice(0, 200) });
    }
  });
  return last.length ? { records, tornTail: last.slice(0, 200), tornLine: parts.length + 1, corrupt } : { records, corrupt };
}

export interface JournalDamage {
  /** What was skipped, for a person. */
  message: string;
  /** The first damaged line (1-based). */
  line: number;
}

/** What reading a journal skipped, or undefined when it read clean. */
export function journalDamage(read: JournalRead<unknown>): JournalDamage | undefined {
  const said: string[] = [];
  if (read.corrupt.length) {
    const shown = read.corrupt.slice(0, 5).map((c) => c.line);
    said.push(`${read.corrupt.length} damaged line(s) skipped (line ${shown.join(', ')}${read.corrupt.length > shown.length ? ', …' : ''})`);
  }
  if (read.tornTail !== undefined) said.push('a torn last line (the runner died mid-write) was ignored');
  if (!said.length) return undefined;
  return { message: said.join('; '), line: read.corrupt[0]?.line ?? read.tornLine ?? 1 };
}

export function readJsonLines<T>(file: string): JournalRead<T> {
  if (!existsSync(file)) return { records: [], corrupt: [] };
  return parseJsonLines<T>(readFileSync(file, 'utf8'));
}

/** fsync a directory so a newly created entry in it survives a power cut. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some filesystems refuse fsync on directories: nothing more we can do */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export class JsonlJournal<T = unknown> {
  private fd: number;
  /** What a previous crash left behind when this journal was reopened. */
  readonly repairedTail?: string;

  constructor(readonly file: string, options: { fsync?: boolean } = {}) {
    this.sync = options.fsync ?? true;
    const created = !existsSync(file);
    this.fd = openStateFile(file, 'append-read');
    if (created) {
      fsyncSync(this.fd);
      fsyncDir(dirname(file));
    } else {
      this.repairedTail = this.dropTornTail();
    }
  }

  private readonly sync: boolean;

  /**
   * One record = one write() of one line (O_APPEND), then fsync unless `durable` is false.
   * A write() alone already survives the process being killed (it is in the page cache); the
   * fsync is for power loss and kernel crashes.
   */
  append(record: T, durable = true): void {
    const buf = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    if (this.sync && durable) fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }

  /**
   * A run resumed after a crash appends to the same file: a torn last line would glue itself to
   * the next record, so it is cut off (it was never a complete record) and returned for the log.
   */
  private dropTornTail(): string | undefined {
    const size = fstatSync(this.fd).size;
    if (size === 0) return undefined;
    const probe = Math.min(size, 1 << 16);
    const buf = Buffer.alloc(probe);
    readSync(this.fd, buf, 0, probe, size - probe);
    if (buf[probe - 1] === 0x0a) return undefined;
    const nl = buf.lastIndexOf(0x0a);
    const keep = nl < 0 ? (probe === size ? 0 : size - probe) : size - probe + nl + 1;
    const torn = buf.subarray(nl + 1).toString('utf8');
    ftruncateSync(this.fd, keep);
    fsyncSync(this.fd);
    return torn;
  }
}

// Ad-hoc maintenance windows (`opsdeck maintenance start`): <stateDir>/maintenance.jsonl, one
// window per line, appended (O_APPEND, one write, fsync) by any process on the host; read from
// its end (only windows that may still be open matter).
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openStateFile, stateDir } from './state-dir.js';

export interface AdHocRecord {
  profile: string;
  environment: string;
  startMs: number;
  endMs: number;
  reason: string;
  by: string;
}

export function maintenanceFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'maintenance.jsonl');
}

export function appendAdHocWindow(rec: AdHocRecord, env: NodeJS.ProcessEnv = process.env): void {
  const fd = openStateFile(maintenanceFile(env), 'append');
  try {
    const buf = Buffer.from(JSON.stringify(rec) + '\n');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The longest window `opsdeck maintenance start` opens (--for at most 7d). */
export const MAX_AD_HOC_WINDOW_MS = 7 * 86_400_000;
const CHUNK_BYTES = 64 * 1024;
/** No more of the file's end than this is read (some 25,000 windows). */
const MAX_TAIL_BYTES = 4 * 1024 * 1024;
/** How far the clocks of the processes that append may disagree. */
const CLOCK_SLACK_MS = 86_400_000;

/**
 * The windows that may still be open at `now` (endMs > now), read from the end of the file a
 * chunk at a time: lines are appended as windows open, so once a line opened longer ago than the
 * longest window (plus clock slack), no line before it can be open. The file grows with every
 * window ever opened; what is read does not.
 */
export function readOpenAdHocWindows(now: number, env: NodeJS.ProcessEnv = process.env): AdHocRecord[] {
  let fd: number;
  try {
    fd = openSync(maintenanceFile(env), 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    const floor = Math.max(0, size - MAX_TAIL_BYTES);
    const oldest = now - MAX_AD_HOC_WINDOW_MS - CLOCK_SLACK_MS;
    const open: AdHocRecord[] = [];
    let end = size;
    // The end of a line that began in an earlier chunk.
    let carry = Buffer.alloc(0);
    while (end > floor) {
      const start = Math.max(floor, end - CHUNK_BYTES);
      const data = Buffer.concat([readAt(fd, start, end - start), carry]);
      end = start;
      // Above the file's first byte the first line may have begun earlier: it waits for the next
      // chunk (at the floor it is cut, and dropped).
      const cut = start === 0 ? 0 : data.indexOf(0x0a) + 1;
      carry = data.subarray(0, cut);
      if (start > 0 && cut === 0) {
        carry = data;
        continue;
      }
      let older = false;
      const lines = data.subarray(cut).toString('utf8').split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const r = parseWindow(lines[i]!);
        if (!r) continue;
        if (r.endMs > now) open.push(r);
        if (r.startMs < oldest) older = true;
      }
      if (older) break;
    }
    return open.reverse();
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let off = 0;
  while (off < length) {
    const n = readSync(fd, buf, off, length - off, position + off);
    if (n === 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}

/** One line as a window; a torn or foreign line is skipped. */
function parseWindow(line: string): AdHocRecord | undefined {
  if (!line.trim()) return undefined;
  try {
    const r = JSON.parse(line) as AdHocRecord;
    return typeof r?.startMs === 'number' && typeof r.endMs === 'number' ? r : undefined;
  } catch {
    return undefined;
  }
}

// The run summaries cache on disk: <stateDir>/run-index.jsonl (beside runs/, whose entries are all run dirs), one line per finished run's
// digest keyed by its journal's size and mtime (the last line for a run wins), so a new process
// lists thousands of runs reading one file instead of every journal. Append-only (one small
// write per newly finished run, never a rewrite on the console's event loop); compacted by
// synchronous readers (CLI) when superseded lines pile up. Only a cache: unreadable lines are
// ignored, and an entry whose stamp no longer matches its journal is rebuilt from the journal.
import { closeSync, constants, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunDigest } from '../../domain/runbook/run-digest.js';
import { openStateFile, stateDir, writeNewStateFile } from './state-dir.js';

/** A journal's identity for the cache: any append or rewrite changes one of them. */
export interface JournalStamp {
  size: number;
  mtimeMs: number;
}

export interface IndexedRun {
  stamp: JournalStamp;
  digest: RunDigest;
  /** Damage found while reading the journal (torn last line, corrupt lines). */
  damage?: string;
  /** The journal's first damaged line (1-based), with `damage`. */
  damagedLine?: number;
}

export interface RunIndexFile {
  runs: Map<string, IndexedRun>;
  /** Lines read, superseded ones included: compaction is due when far above runs.size. */
  lines: number;
}

const FORMAT = 1;
type Line = { v: number; id: string } & IndexedRun;

export const runIndexPath = (env: NodeJS.ProcessEnv = process.env): string => join(stateDir(env), 'run-index.jsonl');

export function readRunIndex(env: NodeJS.ProcessEnv = process.env): RunIndexFile {
  let fd: number | undefined;
  try {
    fd = openStateFile(runIndexPath(env), 'read');
    return parse(readFileSync(fd, 'utf8'));
  } catch {
    return { runs: new Map(), lines: 0 };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** State files are never read through a symlink (see state-dir.ts); the async twin of openStateFile('read'). */
export async function readStateText(path: string): Promise<string> {
  const fh = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

/** The same, yielding to the event loop every few hundred lines (a console stays responsive). */
export async function readRunIndexAsync(env: NodeJS.ProcessEnv = process.env): Promise<RunIndexFile> {
  let text: string;
  try {
    text = await readStateText(runIndexPath(env));
  } catch {
    return { runs: new Map(), lines: 0 };
  }
  const out: RunIndexFile = { runs: new Map(), lines: 0 };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 500) {
    addLines(out, lines.slice(i, i + 500));
    await new Promise((r) => setImmediate(r));
  }
  return out;
}

export function appendRunIndex(entries: readonly (readonly [string, IndexedRun])[], env: NodeJS.ProcessEnv = process.env): void {
  if (entries.length === 0) return;
  let fd: number | undefined;
  try {
    fd = openStateFile(runIndexPath(env), 'append');
    writeSync(fd, entries.map(([id, r]) => line(id, r)).join(''));
  } catch {
    // A read-only or full state dir only costs the next reader the journal reads.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Rewrites the index with one line per run (temp + rename: a reader never sees half of it). */
export function compactRunIndex(runs: ReadonlyMap<string, IndexedRun>, env: NodeJS.ProcessEnv = process.env): void {
  const file = runIndexPath(env);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeNewStateFile(tmp, [...runs].map(([id, r]) => line(id, r)).join(''));
    renameSync(tmp, file);
  } catch {
    // as above
  }
}

export function journalStamp(file: string): JournalStamp | undefined {
  try {
    const st = statSync(file);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

export async function journalStampAsync(file: string): Promise<JournalStamp | undefined> {
  try {
    const st = await stat(file);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

export const sameStamp = (a: JournalStamp | undefined, b: JournalStamp | undefined): boolean => !!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs;

const line = (id: string, r: IndexedRun): string => JSON.stringify({ v: FORMAT, id, ...r } satisfies Line) + '\n';

function parse(text: string): RunIndexFile {
  const out: RunIndexFile = { runs: new Map(), lines: 0 };
  addLines(out, text.split('\n'));
  return out;
}

function addLines(out: RunIndexFile, lines: string[]): void {
  for (const text of lines) {
    if (!text) continue;
    try {
      const l = JSON.parse(text) as Line;
      if (l.v !== FORMAT || typeof l.id !== 'string' || !l.stamp || !l.digest) continue;
      out.lines++;
      out.runs.set(l.id, { stamp: l.stamp, digest: l.digest, ...(l.damage ? { damage: l.damage, damagedLine: l.damagedLine ?? 1 } : {}) });
    } catch {
      // a torn or foreign line: skipped
    }
  }
}

// Every run in the state dir as a small digest, from a cache keyed by each journal's size and
// mtime (in memory, and on disk in run-index.jsonl for the next process): a journal is parsed
// again only when it changed. Synchronous methods serve the CLI and one-off reads (history,
// estimates); `scan()` is the same without blocking the event loop, for the console's watcher.
import { readdirSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isRunId } from '../../domain/runbook/run-id.js';
import { summarizeRun } from '../../domain/runbook/run-summary.js';
import { digestOf, type RunDigest } from '../../domain/runbook/run-digest.js';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import { journalDamage, parseJsonLines, readJsonLines, type JournalRead } from '../../adapters/fs/jsonl-journal.js';
import { runsDir } from '../../adapters/fs/run-store.js';
import { dirname, join } from 'node:path';
import { checkStateFolder, UnsafeStateDirError } from '../../adapters/fs/state-dir.js';
import {
  appendRunIndex, compactRunIndex, journalStamp, journalStampAsync, readRunIndex, readRunIndexAsync, readStateText, sameStamp,
  type IndexedRun, type JournalStamp,
} from '../../adapters/fs/run-index.js';

export interface CatalogRun {
  runId: string;
  digest: RunDigest;
  damage?: string;
  /** The journal's first damaged line (1-based), with `damage`. */
  damagedLine?: number;
}

/** A run dir whose journal holds no readable start of a run: it cannot be listed. */
export interface UnreadableRun {
  runId: string;
  journal: string;
  /** The first damaged line (1-based). */
  line: number;
  message: string;
  /** Not read at all: its folder is one others could write in (message says how to fix it). */
  unsafe?: true;
}

export interface ScanOptions {
  /** Journals to stat again even if their cached stamp is recent (the rest are trusted). @default all */
  restat?: (runId: string, cached: IndexedRun) => boolean;
}

export interface WatchOptions {
  /**
   * The only cached runs whose journal is stat'd again (the watcher's unfinished runs and a
   * slice of the rest), while the runs folder is unchanged. When it changed (a run was added or
   * removed), every journal is.
   */
  restatOnly: readonly string[];
}

export class RunCatalog {
  private readonly cache = new Map<string, IndexedRun>();
  /** Journals that cannot be listed, by run id, until their stamp changes. */
  private readonly unreadableRuns = new Map<string, { stamp: JournalStamp; run: UnreadableRun }>();
  private indexLoaded = false;
  private indexLines = 0;
  /** Journals parsed since creation (what the cache saved is visible in tests and benches). */
  parsed = 0;
  /** Journals stat'd since creation (what a refresh costs, likewise). */
  statted = 0;

  private base?: string;
  private listed?: { mtimeMs: number; ids: string[] };
  /** The last scan's listing and result: handed out again (same array) while nothing changed. */
  private lastScan?: { ids: string[]; runs: (CatalogRun | undefined)[]; result: CatalogRun[]; at?: Map<string, number> };

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  // runsDir() creates the directory on each call: once per catalog is enough.
  private journalOf(id: string): string {
    this.base ??= runsDir(this.env);
    return join(this.base, id, 'journal.jsonl');
  }

  /** Every run, oldest first (run ids sort by start time). */
  listSync(options: ScanOptions = {}): CatalogRun[] {
    if (!this.indexLoaded) this.useIndex(readRunIndex(this.env));
    this.base ??= runsDir(this.env);
    const ids = readdirSync(this.base).filter(isRunId).sort();
    const finished: [string, IndexedRun][] = [];
    const out: CatalogRun[] = [];
    for (const id of ids) {
      const entry = this.entrySync(id, options, finished);
      if (entry) out.push(entry);
    }
    this.forget(ids);
    this.record(finished, true);
    return out;
  }

  /** Run dirs whose journal is too damaged to list (seen by the last list or scan), oldest first. */
  unreadable(): UnreadableRun[] {
    return [...this.unreadableRuns.values()].map((u) => u.run).sort((a, b) => a.runId.localeCompare(b.runId));
  }

  /** One run's digest through the cache (undefined: no such run, or no run-started yet). */
  getSync(runId: string): CatalogRun | undefined {
    if (!this.indexLoaded) this.useIndex(readRunIndex(this.env));
    const finished: [string, IndexedRun][] = [];
    const entry = this.entrySync(runId, {}, finished);
    this.record(finished, false);
    return entry;
  }

  /**
   * `listSync` without blocking: async file reads, a yield between batches. The directory is
   * listed again only when its mtime changed (a run was added or removed); cached runs that
   * `restat` leaves out cost nothing. With `restatOnly` (the console's watcher), a refresh in
   * which the folder did not change costs what those runs cost, not what the history does.
   */
  async scan(options: ScanOptions | WatchOptions = {}): Promise<CatalogRun[]> {
    if (!this.indexLoaded) this.useIndex(await readRunIndexAsync(this.env));
    this.base ??= runsDir(this.env);
    let ids: string[];
    try {
      const dirMtime = (await stat(this.base)).mtimeMs;
      if (this.listed && this.listed.mtimeMs === dirMtime) ids = this.listed.ids;
      else {
        ids = (await readdir(this.base)).filter(isRunId).sort();
        this.listed = { mtimeMs: dirMtime, ids };
      }
    } catch {
      return [];
    }
    const last = this.lastScan;
    if ('restatOnly' in options && last?.ids === ids) return this.rescan(last, options.restatOnly);
    const restat = 'restat' in options ? options.restat : undefined;
    const out: (CatalogRun | undefined)[] = new Array(ids.length);
    const pending: number[] = [];
    ids.forEach((id, i) => {
      const cached = this.cache.get(id);
      if (cached && restat && !restat(id, cached)) out[i] = toRun(id, cached);
      else pending.push(i);
    });
    const got = await this.entriesAsync(pending.map((i) => ids[i]!));
    got.forEach((g, k) => (out[pending[k]!] = g));
    // Nothing added, removed or changed: the same array as last time, so the watcher and the
    // runs store can tell by identity, without going over 5,000 runs every refresh.
    if (last && last.ids === ids && out.every((r, i) => r === last.runs[i])) return last.result;
    if (last?.ids !== ids) this.forget(ids);
    const result = out.filter((r): r is CatalogRun => !!r);
    this.lastScan = { ids, runs: out, result };
    return result;
  }

  /** The folder is as last listed: only `restatOnly`'s journals are looked at. */
  private async rescan(last: NonNullable<RunCatalog['lastScan']>, restatOnly: readonly string[]): Promise<CatalogRun[]> {
    const at = (last.at ??= new Map(last.ids.map((id, i) => [id, i])));
    const which = [...new Set(restatOnly)].filter((id) => at.has(id));
    const got = await this.entriesAsync(which);
    if (got.every((g, k) => g === last.runs[at.get(which[k]!)!])) return last.result;
    const runs = last.runs.slice();
    got.forEach((g, k) => (runs[at.get(which[k]!)!] = g));
    const result = runs.filter((r): r is CatalogRun => !!r);
    this.lastScan = { ids: last.ids, runs, result, at };
    return result;
  }

  /** Each run's entry, its journal stat'd (and parsed if changed), 16 at a time with a yield between. */
  private async entriesAsync(ids: readonly string[]): Promise<(CatalogRun | undefined)[]> {
    const BATCH = 16;
    const out: (CatalogRun | undefined)[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const finished: [string, IndexedRun][] = [];
      out.push(...(await Promise.all(ids.slice(i, i + BATCH).map((id) => this.entryAsync(id, {}, finished)))));
      // Appended per batch: one small write, never one long stringify on the event loop.
      this.record(finished, false);
      if (i + BATCH < ids.length) await new Promise((r) => setImmediate(r));
    }
    return out;
  }

  private entrySync(id: string, options: ScanOptions, finished: [string, IndexedRun][]): CatalogRun | undefined {
    const journal = this.journalOf(id);
    const cached = this.cache.get(id);
    if (cached && options.restat && !options.restat(id, cached)) return toRun(id, cached);
    this.statted++;
    const stamp = journalStamp(journal);
    if (!stamp) return undefined;
    if (cached && sameStamp(cached.stamp, stamp)) return toRun(id, cached);
    if (this.unsafeFolder(id, journal, stamp) || this.stillUnreadable(id, stamp)) return undefined;
    return this.store(id, stamp, readJsonLines<RunEvent>(journal), finished);
  }

  private async entryAsync(id: string, options: ScanOptions, finished: [string, IndexedRun][]): Promise<CatalogRun | undefined> {
    const journal = this.journalOf(id);
    const cached = this.cache.get(id);
    if (cached && options.restat && !options.restat(id, cached)) return toRun(id, cached);
    this.statted++;
    const stamp = await journalStampAsync(journal);
    if (!stamp) return undefined;
    if (cached && sameStamp(cached.stamp, stamp)) return toRun(id, cached);
    if (this.unsafeFolder(id, journal, stamp) || this.stillUnreadable(id, stamp)) return undefined;
    let text: string;
    try {
      text = await readStateText(journal);
    } catch {
      return undefined;
    }
    return this.store(id, stamp, parseJsonLines<RunEvent>(text), finished);
  }

  /**
   * A run folder others could write in (state-dir.ts) is not read: the run is listed as
   * unreadable with the fix, and `show`, `resume` or `attach` on it refuse (runPaths). Asked
   * again on every read until fixed (checkStateFolder remembers only folders that passed).
   */
  private unsafeFolder(id: string, journal: string, stamp: JournalStamp): boolean {
    try {
      checkStateFolder(dirname(journal));
      return false;
    } catch (e) {
      if (!(e instanceof UnsafeStateDirError)) throw e;
      this.unreadableRuns.set(id, { stamp, run: { runId: id, journal, line: 1, message: `${e.message}; ${e.hint}`, unsafe: true } });
      return true;
    }
  }

  private stillUnreadable(id: string, stamp: JournalStamp): boolean {
    const u = this.unreadableRuns.get(id);
    if (u && !u.run.unsafe && sameStamp(u.stamp, stamp)) return true;
    this.unreadableRuns.delete(id);
    return false;
  }

  private store(id: string, stamp: JournalStamp, read: JournalRead<RunEvent>, finished: [string, IndexedRun][]): CatalogRun | undefined {
    this.parsed++;
    const summary = summarizeRun(read.records);
    const damage = journalDamage(read);
    if (!summary) {
      // Damage where the run's start should be: said, not silently left out. (An empty journal
      // is a runner that is just starting: nothing to say yet.)
      if (damage) this.unreadableRuns.set(id, { stamp, run: { runId: id, journal: this.journalOf(id), line: damage.line, message: `no readable start of the run: ${damage.message}` } });
      return undefined;
    }
    const entry: IndexedRun = { stamp, digest: digestOf(summary), ...(damage ? { damage: damage.message, damagedLine: damage.line } : {}) };
    this.cache.set(id, entry);
    // Only finished runs go to disk: a live run's journal changes with every step.
    if (summary.status !== 'unfinished') finished.push([id, entry]);
    return toRun(id, entry);
  }

  private useIndex(index: { runs: Map<string, IndexedRun>; lines: number }): void {
    this.indexLoaded = true;
    this.indexLines = index.lines;
    for (const [id, r] of index.runs) if (!this.cache.has(id)) this.cache.set(id, r);
  }

  private forget(present: readonly string[]): void {
    const keep = new Set(present);
    for (const id of this.unreadableRuns.keys()) if (!keep.has(id)) this.unreadableRuns.delete(id);
    if (this.cache.size <= present.length) return;
    for (const id of this.cache.keys()) if (!keep.has(id)) this.cache.delete(id);
  }

  /** Appends newly finished runs; a synchronous caller also compacts a bloated index. */
  private record(finished: [string, IndexedRun][], mayCompact: boolean): void {
    appendRunIndex(finished, this.env);
    this.indexLines += finished.length;
    if (mayCompact && this.indexLines > 2 * this.cache.size + 100) {
      const done = new Map([...this.cache].filter(([, r]) => r.digest.status !== 'unfinished'));
      compactRunIndex(done, this.env);
      this.indexLines = done.size;
    }
  }
}

// One CatalogRun per cache entry: unchanged runs keep their identity from scan to scan.
const runs = new WeakMap<IndexedRun, CatalogRun>();
function toRun(runId: string, r: IndexedRun): CatalogRun {
  let run = runs.get(r);
  if (!run) runs.set(r, (run = { runId, digest: r.digest, ...(r.damage ? { damage: r.damage, damagedLine: r.damagedLine ?? 1 } : {}) }));
  return run;
}

/** One catalog per state dir and process: the console's screens and watcher share its cache. */
const catalogs = new Map<string, RunCatalog>();
export function runCatalog(env: NodeJS.ProcessEnv = process.env): RunCatalog {
  const key = runsDir(env);
  let c = catalogs.get(key);
  if (!c) catalogs.set(key, (c = new RunCatalog(env)));
  return c;
}

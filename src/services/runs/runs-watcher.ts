// Keeps the runs store current, shaped like the health monitor: a refresh every interval, skipped
// while the previous one is still in flight; the state dir is read asynchronously through the
// run catalog (journals parsed only when their size or mtime changed), and per refresh only the
// small files that can change are read: the journals and status files of unfinished runs (a
// resume only ever continues one of those), the env lock, and a slice of the finished runs'
// journals, which only change behind opsdeck's back (an edit by hand). A new or removed run
// changes the runs folder, and the catalog then looks at every journal. So idle cost does not
// grow with history.
import type { RunCatalog, CatalogRun } from './run-catalog.js';
import { withLiveness, type RunListing } from './run-history.js';
import type { RunsStore, UnfinishedRun, LockNote } from '../../state/runs-store.js';

export interface RunsWatcherOptions {
  catalog: RunCatalog;
  store: RunsStore;
  profile: string;
  /** The current environment's lock holder, if any (read fresh on every refresh). */
  lockNote: () => LockNote | undefined;
  env?: NodeJS.ProcessEnv;
  /** @default 2000 */
  intervalMs?: number;
  /** Finished runs whose journal is re-stat'd per refresh (unfinished ones always are). @default 25 */
  sweep?: number;
  /** @default Date.now */
  now?: () => number;
}

export class RunsWatcher {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  /** The refresh queued behind the one in flight by refreshNow(). */
  private next?: Promise<void>;
  private cursor = 0;
  /** The last scan's runs, and what was derived from them (recomputed only when they change). */
  private last?: { runs: CatalogRun[]; digests: CatalogRun['digest'][]; unfinished: CatalogRun[]; unfinishedAnyProfile: string[] };
  private stopped = false;
  /** Refreshes skipped because one was in flight, and refreshes done. */
  readonly counts = { skipped: 0, done: 0 };

  constructor(private readonly o: RunsWatcherOptions) {}

  start(): void {
    this.stopped = false;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.o.intervalMs ?? 2000);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.inFlight?.catch(() => undefined);
  }

  /**
   * A refresh that starts after this call, for a moment the store must be current (a run this
   * console started ended, the history opens): while one is in flight (it may have read the
   * state dir before the change), one more follows it; calls meanwhile share that one.
   */
  refreshNow(): Promise<void> {
    if (!this.inFlight) return this.refresh();
    this.next ??= this.inFlight.catch(() => undefined).then(() => {
      this.next = undefined;
      return this.refresh();
    });
    return this.next;
  }

  /** One refresh; while one is in flight, this returns it and counts a skip. */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.counts.skipped++;
      return this.inFlight;
    }
    const p = this.scan().finally(() => {
      this.inFlight = undefined;
      this.counts.done++;
    });
    this.inFlight = p;
    return p;
  }

  private async scan(): Promise<void> {
    const sweep = this.o.sweep ?? 25;
    const all = this.last?.runs ?? [];
    if (this.cursor >= all.length) this.cursor = 0;
    const slice = all.slice(this.cursor, this.cursor + sweep).map((r) => r.runId);
    this.cursor += sweep;
    const runs = await this.o.catalog.scan({ restatOnly: [...(this.last?.unfinishedAnyProfile ?? []), ...slice] });
    if (this.stopped) return;
    if (this.last?.runs !== runs) {
      // The catalog hands out the same array while nothing changed: this is the only pass over
      // every run, and it happens only when a run was added, removed or changed.
      const mine = runs.filter((r) => r.digest.profile === this.o.profile);
      this.last = {
        runs,
        digests: mine.map((r) => r.digest).reverse(),
        unfinished: mine.filter((r) => r.digest.status === 'unfinished'),
        unfinishedAnyProfile: runs.filter((r) => r.digest.status === 'unfinished').map((r) => r.runId),
      };
    }
    // Liveness (runner alive, waiting) can change without the journal changing: always re-read.
    const unfinished: UnfinishedRun[] = this.last.unfinished.map((r) => live(r, this.o.env));
    let lock: LockNote | undefined;
    try {
      lock = this.o.lockNote();
    } catch {
      lock = undefined;
    }
    this.o.store.getState().publish({ runs: this.last.digests, unfinished, lock }, (this.o.now ?? Date.now)());
  }
}

function live(r: CatalogRun, env?: NodeJS.ProcessEnv): UnfinishedRun {
  const l = withLiveness<RunListing>({ summary: r.digest, live: 'finished' }, env);
  return { runId: r.runId, runbook: r.digest.runbook, environment: r.digest.environment, live: l.live as UnfinishedRun['live'], ...(l.runner?.detail ? { detail: l.runner.detail } : {}) };
}

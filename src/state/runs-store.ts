// The runs on this host as the console shows them: past runs of the profile (newest first, as
// digests), the unfinished ones with their live state, and the current environment's lock
// holder. Written by the runs watcher (services/runs/runs-watcher.ts); the header, the history
// screen and anything else that lists runs read it instead of scanning the state dir.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunDigest } from '../domain/runbook/run-digest.js';

export type UnfinishedLive = 'running' | 'waiting' | 'interrupted';

export interface UnfinishedRun {
  runId: string;
  runbook: string;
  environment: string;
  live: UnfinishedLive;
  detail?: string;
}

export interface LockNote {
  text: string;
  /** Shorter wordings, longest first, for a crowded header. */
  shorter?: string[];
  tone: 'info' | 'warn' | 'alert';
}

export interface RunsStoreState {
  /** Past and present runs of this profile, newest first. */
  runs: readonly RunDigest[];
  unfinished: readonly UnfinishedRun[];
  lock?: LockNote;
  /** False until the first scan has finished. */
  loaded: boolean;
  refreshedAt?: number;
}

export interface RunsStoreActions {
  /** Replaces what changed; parts equal to the current state keep their identity (no re-render). */
  publish(next: Omit<RunsStoreState, 'loaded' | 'refreshedAt'>, at: number): void;
}

export type RunsStore = StoreApi<RunsStoreState & RunsStoreActions>;

export function createRunsStore(): RunsStore {
  return createStore<RunsStoreState & RunsStoreActions>()((set, get) => ({
    runs: [],
    unfinished: [],
    loaded: false,
    publish(next, at) {
      const cur = get();
      const runs = sameRuns(cur.runs, next.runs) ? cur.runs : next.runs;
      const unfinished = sameJson(cur.unfinished, next.unfinished) ? cur.unfinished : next.unfinished;
      const lock = sameJson(cur.lock, next.lock) ? cur.lock : next.lock;
      if (cur.loaded && runs === cur.runs && unfinished === cur.unfinished && lock === cur.lock) return;
      set({ runs, unfinished, lock, loaded: true, refreshedAt: at });
    },
  }));
}

// Digests come from a cache that hands out the same object while a journal is unchanged.
const sameRuns = (a: readonly RunDigest[], b: readonly RunDigest[]) => a === b || (a.length === b.length && a.every((r, i) => r === b[i]));
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

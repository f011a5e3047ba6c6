// Recent operator actions and their progress ("restarting api…", "api healthy in 1.2s"), for
// the console's status line. Bounded: old entries fall off, nothing grows with uptime.
import { createStore, type StoreApi } from 'zustand/vanilla';

export const ACTIVITY_LIMIT = 50;

export type ActivityLevel = 'info' | 'progress' | 'ok' | 'error';

export interface ActivityEntry {
  id: number;
  at: number;
  level: ActivityLevel;
  message: string;
  service?: string;
}

export interface ActivityState {
  /** Oldest first, at most ACTIVITY_LIMIT. */
  entries: ActivityEntry[];
  /** Services with an action under way, and which one ("restart"). */
  busy: Record<string, string>;
}

export interface ActivityActions {
  add(level: ActivityLevel, message: string, service?: string, at?: number): void;
  setBusy(service: string, action: string | undefined): void;
}

export type ActivityStore = StoreApi<ActivityState & ActivityActions>;

export function createActivityStore(limit = ACTIVITY_LIMIT): ActivityStore {
  let nextId = 1;
  return createStore<ActivityState & ActivityActions>()((set) => ({
    entries: [],
    busy: {},
    add: (level, message, service, at = Date.now()) =>
      set((s) => ({ entries: [...s.entries, { id: nextId++, at, level, message, service }].slice(-limit) })),
    setBusy: (service, action) =>
      set((s) => {
        const busy = { ...s.busy };
        if (action === undefined) delete busy[service];
        else busy[service] = action;
        return { busy };
      }),
  }));
}

/**
 * How long the status line shows an entry: a done action or a notice briefly, an error long
 * enough to read it, a step in progress until its outcome replaces it (capped, in case none comes).
 * The entries stay in the store (history); only the line clears.
 */
export const ACTIVITY_SHOWN_MS: Record<ActivityLevel, number> = { info: 15_000, ok: 15_000, error: 60_000, progress: 180_000 };

/** The entry the status line shows at `now`: the latest, unless it is older than its level's time. */
export function shownActivity(entry: ActivityEntry | undefined, now: number): ActivityEntry | undefined {
  return entry && now - entry.at < ACTIVITY_SHOWN_MS[entry.level] ? entry : undefined;
}

/** The latest entry, for a one-line status. */
export const latestActivity = (s: ActivityState): ActivityEntry | undefined => s.entries[s.entries.length - 1];

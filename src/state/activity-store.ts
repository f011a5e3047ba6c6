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

/** The latest entry, for a one-line status. */
export const latestActivity = (s: ActivityState): ActivityEntry | undefined => s.entries[s.entries.length - 1];

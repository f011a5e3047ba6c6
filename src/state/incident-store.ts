// The open incidents of the console's profile, as last read from the state dir (every console
// and shell on the host writes there). Written by the incident watch, read by the header and
// the incident screens.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Incident } from '../domain/incident/incident-fold.js';

export interface IncidentStoreState {
  /** Open incidents of the current environment, most severe first. */
  open: Incident[];
  /** Bumped on every change a reader may want to re-read (a note, a health entry…). */
  revision: number;
  set(open: Incident[]): void;
}

export type IncidentStore = StoreApi<IncidentStoreState>;

const key = (list: readonly Incident[]) => list.map((i) => `${i.id}:${i.severity}:${i.timeline.length}:${i.lastUpdateAt}:${i.resolvedAt ?? ''}`).join('|');

export function createIncidentStore(): IncidentStore {
  return createStore<IncidentStoreState>()((set, get) => ({
    open: [],
    revision: 0,
    set: (open) => {
      if (key(open) === key(get().open)) return;
      set({ open, revision: get().revision + 1 });
    },
  }));
}

// Read-only mode of a console: set at start (--readonly, OPSDECK_READONLY=1), left with `:write`
// for the console's lifetime. Per-environment `readonly: true` lives in the profile; the policy
// (domain/policy) combines the two.
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface AccessState {
  readonly: boolean;
  escalated: boolean;
  /** Who escalated, when: shown in the header. */
  escalatedBy?: string;
}

export interface AccessActions {
  escalate(by: string): void;
}

export type AccessStore = StoreApi<AccessState & AccessActions>;

export function createAccessStore(readonly: boolean): AccessStore {
  return createStore<AccessState & AccessActions>()((set) => ({
    readonly,
    escalated: false,
    escalate: (by) => set({ escalated: true, escalatedBy: by }),
  }));
}

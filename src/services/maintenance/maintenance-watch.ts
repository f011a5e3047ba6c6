// A console's view of maintenance windows: the current environment's active and next window,
// re-evaluated every 15 seconds (ad-hoc windows come from other shells) and at each boundary.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Profile } from '../../domain/profile/profile-model.js';
import type { WindowState } from '../../domain/maintenance/windows.js';
import { maintenanceState } from './maintenance-desk.js';

export interface MaintenanceWatch {
  readonly store: StoreApi<{ state: WindowState }>;
  refresh(): void;
  close(): void;
}

export function startMaintenanceWatch(profile: Profile, environment: () => string, env?: NodeJS.ProcessEnv, intervalMs = 15_000): MaintenanceWatch {
  const store = createStore<{ state: WindowState }>()(() => ({ state: {} }));
  const key = (s: WindowState) => `${s.active?.name}:${s.active?.startMs}:${s.active?.endMs}|${s.next?.name}:${s.next?.startMs}`;
  const refresh = () => {
    try {
      const next = maintenanceState({ profile, env }, environment());
      if (key(next) !== key(store.getState().state)) store.setState({ state: next });
    } catch {
      /* a window that cannot be evaluated was reported at load time */
    }
  };
  refresh();
  const timer = setInterval(refresh, intervalMs);
  timer.unref?.();
  return { store, refresh, close: () => clearInterval(timer) };
}

// One service's live health and what can be done to it.
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';

const EMPTY: never[] = [];

export function useService(session: ConsoleSession, name: string) {
  const health = useStore(session.health, (s) => s.services[name]);
  const all = useStore(session.health, (s) => s.services);
  const environment = useStore(session.health, (s) => s.environment);
  const busy = useStore(session.activity, (s) => s.busy[name]);
  const samples = useStore(session.health, (s) => s.history[name]);
  return { service: session.profile.services[name], health, all, environment, busy, samples: samples ?? EMPTY, actions: session.actionsFor(name) };
}

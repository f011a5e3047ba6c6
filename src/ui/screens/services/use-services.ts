// The services table's data: the profile's services in declaration order with their live health.
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';

export function useServices(session: ConsoleSession) {
  const services = useStore(session.health, (s) => s.services);
  const history = useStore(session.health, (s) => s.latencyHistory);
  const environment = useStore(session.health, (s) => s.environment);
  const busy = useStore(session.activity, (s) => s.busy);
  // A live feed that dropped (Docker engine events): said above the table until it is back.
  const notices = useStore(session.health, (s) => s.notices);
  const list = Object.values(session.profile.services);
  return { list, services, history, environment, busy, notices };
}

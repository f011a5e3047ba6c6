// CPU and memory of the service's instances while the screen is open: following starts when it
// becomes active and stops (the engine's stats streams close) when it leaves or the
// environment changes. The instances that have figures, with them.
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import type { ServiceInstance } from '../../../domain/fleet/service-instance.js';
import { serviceInstances } from '../../../state/health-store.js';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';

export function useServiceStats(session: ConsoleSession, name: string, active: boolean): ServiceInstance[] {
  const environment = useStore(session.health, (s) => s.environment);
  useEffect(() => (active ? session.followStats(name) : undefined), [session, name, active, environment]);
  const services = useStore(session.health, (s) => s.services);
  const instanceStats = useStore(session.health, (s) => s.instanceStats);
  return useMemo(() => serviceInstances({ services, instanceStats }, name).filter((i) => i.memoryBytes !== undefined || i.cpuPercent !== undefined), [services, instanceStats, name]);
}

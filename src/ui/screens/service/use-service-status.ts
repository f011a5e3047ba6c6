// The provider's status line for a service (pid, since, by whom, its output file), refreshed
// every few seconds while the screen is open; the latest request wins.
import { useEffect, useState } from 'react';
import type { ServiceStatus } from '../../../ports/service-controller.js';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';

export function useServiceStatus(session: ConsoleSession, name: string, active: boolean, intervalMs = 3000): ServiceStatus | undefined {
  const [status, setStatus] = useState<ServiceStatus | undefined>();
  useEffect(() => {
    if (!active) return;
    let live = true;
    let seq = 0;
    const load = () => {
      const mine = ++seq;
      void session.serviceStatus(name).then((s) => {
        if (live && mine === seq) setStatus(s);
      });
    };
    load();
    const t = setInterval(load, intervalMs);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [session, name, active, intervalMs]);
  return status;
}

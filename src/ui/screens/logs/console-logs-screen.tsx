// The `logs` route: the log viewer on a feed the session opens for this screen (closed with it).
// Its keys (LOGS_KEYS) go through the console's router like every screen's; Esc goes back.
import { useEffect, useMemo, useState } from 'react';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { LogsScreen } from './logs-screen.js';
import type { LogFeed } from '../../../services/logs/log-feed.js';

/** `service` "*" merges every service of the profile. */
export function ConsoleLogsScreen({ service, active }: { service: string; active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const { width, height } = useViewport();
  // One feed per screen: the service list is fixed by the route.
  const services = useMemo(() => (service === '*' ? Object.keys(session.profile.services) : [service]), [session, service]);
  const [feed, setFeed] = useState<LogFeed>();
  useEffect(() => {
    const f = session.openLogs(services);
    setFeed(f);
    return () => f.close();
  }, [session, services]);

  if (!feed) return null;
  return <LogsScreen store={feed.store} services={service === '*' ? undefined : services} isActive={active} width={width} height={height} footer={false} onBack={nav.back} />;
}

// The `logs` route: the log viewer on a feed the session opens for this screen (closed with it),
// its keys taken through the console's router so typing into the filter never quits or switches.
import { useCallback, useEffect, useState } from 'react';
import type { Key } from 'ink';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { LogsScreen } from './logs-screen.js';
import { CONSOLE_LOGS_KEYS, inkKeyOf } from './console-logs-keys.js';
import type { LogFeed } from '../../../services/logs/log-feed.js';

/** `service` "*" merges every service of the profile. */
export function ConsoleLogsScreen({ service, active }: { service: string; active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const { width, height } = useViewport();
  const services = service === '*' ? Object.keys(session.profile.services) : [service];
  const [feed, setFeed] = useState<LogFeed>();
  useEffect(() => {
    const f = session.openLogs(services);
    setFeed(f);
    return () => f.close();
    // One feed per screen: the service list is fixed by the route.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, service]);

  const useRouterKeys = useCallback((handler: (input: string, key: Key) => boolean, isActive: boolean) => {
    useKeyLayer(PRIORITY.screen, CONSOLE_LOGS_KEYS, (action) => (action === 'back' ? (nav.back(), true) : false), {
      active: isActive,
      capture: (input, name) => handler(input, inkKeyOf(name)),
    });
  }, [nav]);

  if (!feed) return null;
  return <LogsScreen store={feed.store} services={service === '*' ? undefined : services} isActive={active} width={width} height={height} footer={false} useKeys={useRouterKeys} />;
}

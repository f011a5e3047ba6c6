// The service screen's log region: the newest lines of the service, following, read-only (keys
// belong to the service screen; `l` opens the full viewer). Owns exactly `height` rows.
import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { useSession } from '../../app-context.js';
import { LogsScreen } from '../logs/logs-screen.js';
import type { LogFeed } from '../../../services/logs/log-feed.js';

export interface LogSlotProps {
  service: string;
  environment: string;
  width: number;
  height: number;
  /** Where the provider writes the service's output, when it keeps one. */
  logFile?: string;
}

export function LogSlot({ service, environment, width, height, logFile }: LogSlotProps) {
  const session = useSession();
  const [feed, setFeed] = useState<LogFeed>();
  useEffect(() => {
    const f = session.openLogs([service]);
    setFeed(f);
    return () => f.close();
  }, [session, service, environment]);
  if (height <= 0) return null;
  const fileLine = logFile ? <Text dimColor wrap="truncate">{`output file: ${logFile}`}</Text> : null;
  const viewerHeight = height - (fileLine ? 1 : 0);
  if (viewerHeight < 4 || !feed) {
    return (
      <Box height={height} flexDirection="column">
        <Text dimColor>Logs: l opens the log viewer</Text>
        {fileLine}
      </Box>
    );
  }
  return (
    <Box height={height} flexDirection="column">
      <LogsScreen store={feed.store} services={[service]} isActive={false} width={width} height={viewerHeight} footer={false} />
      {fileLine}
    </Box>
  );
}

// PLACEHOLDER until the log viewer (logs branch) is merged: the region of the service screen
// reserved for the service's logs. The log viewer replaces this component's body with
// <LogViewer service={service} height={height} width={width} active={false} /> (or similar);
// the props below are the contract: the slot owns exactly `height` rows.
import { Box, Text } from 'ink';

export interface LogSlotProps {
  service: string;
  environment: string;
  width: number;
  height: number;
  /** Where the provider writes the service's output, when it keeps one. */
  logFile?: string;
}

export function LogSlot({ service, height, logFile }: LogSlotProps) {
  if (height <= 0) return null;
  return (
    <Box height={height} flexDirection="column">
      <Text bold>Logs</Text>
      <Text dimColor wrap="truncate">{`logs: see opsdeck logs ${service}  (l opens the log screen)`}</Text>
      {logFile ? <Text dimColor wrap="truncate">{`output file: ${logFile}`}</Text> : null}
    </Box>
  );
}

// PLACEHOLDER route `logs` until the log viewer (logs branch) is merged: it then renders the
// viewer for `service` with the whole body height and its own key table.
import { Text, Box } from 'ink';
import { useNav } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { LOGS_KEYS } from './logs-keys.js';

export function LogsScreen({ service, active }: { service: string; active: boolean }) {
  const nav = useNav();
  useKeyLayer(PRIORITY.screen, LOGS_KEYS, () => nav.back(), { active });
  return (
    <Box flexDirection="column">
      <Text bold>Logs of {service}</Text>
      <Text>logs: see opsdeck logs {service}</Text>
    </Box>
  );
}

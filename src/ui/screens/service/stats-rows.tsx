// A docker service's live CPU and memory: one line for a single instance, a row per running
// instance otherwise (at most `rows`).
import { Box, Text } from 'ink';
import { describeStats } from '../../../domain/fleet/container-stats.js';
import type { ServiceInstance } from '../../../domain/fleet/service-instance.js';
import { fit } from '../../presentation/format.js';

/** Lines StatsRows takes for these instances. */
export function statsRowCount(instances: readonly ServiceInstance[], rows: number): number {
  return instances.length <= 1 ? 1 : 1 + Math.min(instances.length, rows);
}

export function StatsRows({ instances, rows }: { instances: readonly ServiceInstance[]; rows: number }) {
  if (instances.length === 0) return <Text dimColor wrap="truncate">resources  no running container measured yet</Text>;
  if (instances.length === 1) return <Text wrap="truncate">{`resources  ${describeStats(instances[0])}`}</Text>;
  const nameW = Math.min(24, Math.max(...instances.map((i) => i.name.length)));
  return (
    <Box flexDirection="column">
      <Text bold>{`Resources (${instances.length} running)`}</Text>
      {instances.slice(0, rows).map((i) => (
        <Text key={i.name} wrap="truncate">{`  ${fit(i.name, nameW)} ${describeStats(i)}`}</Text>
      ))}
    </Box>
  );
}

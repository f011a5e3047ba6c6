// The instances of a service on several hosts (or a compose service's replicas): one row each,
// with its host, container, state, HEALTHCHECK, uptime, restarts, CPU and memory.
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import type { HealthStore } from '../../../state/health-store.js';
import { withStats } from '../../../state/health-store.js';
import { useMemo } from 'react';
import { instanceCount, type ServiceInstance } from '../../../domain/fleet/service-instance.js';
import { INSTANCE_COLUMNS, INSTANCE_TITLES, instanceLayout, instanceRowCells, layoutInstanceCells } from '../../presentation/instance-row.js';
import { useTheme } from '../../theme/theme-context.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';

export interface InstancesPanelProps {
  /** From useInstances(). */
  instances: readonly ServiceInstance[];
  width: number;
  /** Rows for instances (the title and column lines come on top). */
  rows: number;
  now: number;
  /** The selected instance (marked), and the first one shown: the window follows the selection. @default 0 */
  selected?: number;
  /** @default 0 */
  start?: number;
}

/** The instances as the panel shows them (stats merged): what the screen sizes itself by. */
export function useInstances(store: HealthStore, service: string): ServiceInstance[] {
  const instances = useStore(store, (s) => s.services[service]?.instances);
  const stats = useStore(store, (s) => s.instanceStats[service]);
  return useMemo(() => withStats(instances ?? [], stats), [instances, stats]);
}

export function InstancesPanel({ instances, width, rows, now, selected = 0, start = 0 }: InstancesPanelProps) {
  const t = useTheme();
  if (instances.length === 0) return null;
  const widths = instanceLayout(width, instances);
  const head = layoutInstanceCells(INSTANCE_TITLES, widths, t.glyphs.ellipsis);
  const shown = instances.slice(start, start + Math.max(1, rows));
  const count = instanceCount(instances);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {`Instances${count ? ` (${count})` : ''}`}
        {shown.length < instances.length ? <Text dimColor>{` ${start + 1}-${start + shown.length} of ${instances.length} (j/k)`}</Text> : null}
      </Text>
      <Text dimColor wrap="truncate">{`  ${INSTANCE_COLUMNS.map((k) => head[k]).join(' ')}`}</Text>
      {shown.map((i, n) => {
        const cells = layoutInstanceCells(instanceRowCells(i, now), widths, t.glyphs.ellipsis);
        const colour = i.problem === undefined ? t.c('green') : i.run === 'running' ? t.c('yellow') : t.c('red');
        const isSel = instances.length > 1 && start + n === selected;
        return (
          <Text key={i.name} wrap="truncate" inverse={isSel}>
            {`${isSel ? t.glyphs.selected : ' '} ${cells.host} `}
            <Text color={i.container ? undefined : t.c('red')}>{cells.container}</Text>{' '}
            <Text color={colour}>{cells.state}</Text>
            {terminalSafe(` ${cells.health} ${cells.up} ${cells.restarts} ${cells.cpu} ${cells.mem}`)}
          </Text>
        );
      })}
    </Box>
  );
}

// One line with the latest action or message ("restarting api… healthy in 1.2s").
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { Text } from 'ink';
import { useStore } from 'zustand';
import { latestActivity, type ActivityStore } from '../../state/activity-store.js';
import { useTheme } from '../theme/theme-context.js';

export function ActivityLine({ store, width }: { store: ActivityStore; width: number }) {
  const t = useTheme();
  const entry = useStore(store, latestActivity);
  if (!entry) return <Text> </Text>;
  const marker = entry.level === 'error' ? '! ' : entry.level === 'ok' ? (t.ascii ? '+ ' : '✔ ') : entry.level === 'progress' ? '… ' : '';
  const colour = entry.level === 'error' ? t.c('red') : entry.level === 'ok' ? t.c('green') : entry.level === 'progress' ? t.c('yellow') : undefined;
  return (
    <Text wrap="truncate" color={colour}>
      {terminalSafe(marker + entry.message).slice(0, width)}
    </Text>
  );
}

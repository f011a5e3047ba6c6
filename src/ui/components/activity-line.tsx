// One line with the latest action or message ("restarting api… healthy in 1.2s").
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { Text } from 'ink';
import { useStore } from 'zustand';
import { latestActivity, shownActivity, type ActivityStore } from '../../state/activity-store.js';
import { useTheme } from '../theme/theme-context.js';
import { useNow } from '../use-now.js';

export function ActivityLine({ store, width }: { store: ActivityStore; width: number }) {
  const t = useTheme();
  const latest = useStore(store, latestActivity);
  // Ticks only while a line is up, so it clears once stale ("cancelled" minutes later misleads).
  const now = useNow(1000, latest !== undefined && shownActivity(latest, Date.now()) !== undefined);
  const entry = shownActivity(latest, Math.max(now, latest?.at ?? 0));
  if (!entry) return <Text> </Text>;
  const marker = entry.level === 'error' ? '! ' : entry.level === 'ok' ? '✔ ' : entry.level === 'progress' ? '… ' : '';
  const colour = entry.level === 'error' ? t.c('red') : entry.level === 'ok' ? t.c('green') : entry.level === 'progress' ? t.c('yellow') : undefined;
  return (
    <Text wrap="truncate" color={colour}>
      {t.text(terminalSafe(marker + entry.message)).slice(0, width)}
    </Text>
  );
}

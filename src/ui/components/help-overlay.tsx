// `?`: every key of the current screen and the global ones, generated from the same tables
// as the footer, dangerous actions marked.
import { Box, Text } from 'ink';
import { bindingLabel, type KeyTable } from '../keys/key-table.js';
import { useKeyLayer } from '../keys/use-key-layer.js';
import { PRIORITY } from '../keys/key-router.js';
import { useTheme } from '../theme/theme-context.js';
import { useSyncState } from '../use-sync-state.js';

export const HELP_KEYS: KeyTable<'close' | 'down' | 'up'> = [
  { keys: ['escape', '?', 'q', 'enter'], description: 'close help', action: 'close', label: 'Esc/?' },
  { keys: ['down', 'j'], description: 'scroll', action: 'down', label: 'j/k' },
  { keys: ['up', 'k'], description: 'scroll up', action: 'up', helpOnly: true },
];

export interface HelpSection {
  title: string;
  table: KeyTable;
}

export function helpLines(sections: readonly HelpSection[], ascii: boolean): { heading?: string; label?: string; description?: string; dangerous?: boolean }[] {
  const out: { heading?: string; label?: string; description?: string; dangerous?: boolean }[] = [];
  for (const s of sections) {
    if (s.table.length === 0) continue;
    out.push({ heading: s.title });
    for (const b of s.table) out.push({ label: bindingLabel(b, ascii), description: b.description, dangerous: b.dangerous });
  }
  return out;
}

export function HelpOverlay({ sections, height, onClose }: { sections: readonly HelpSection[]; height: number; onClose(): void }) {
  const t = useTheme();
  const lines = helpLines(sections, t.ascii);
  const rows = Math.max(1, height - 1);
  const [top, setTop] = useSyncState(0);
  useKeyLayer(PRIORITY.modal, HELP_KEYS, (action) => {
    if (action === 'close') return onClose();
    setTop((n) => Math.max(0, Math.min(Math.max(0, lines.length - rows), n + (action === 'down' ? 1 : -1))));
  }, { exclusive: true });
  const width = Math.max(8, ...lines.map((l) => l.label?.length ?? 0));
  const shown = lines.slice(top, top + rows);
  return (
    <Box flexDirection="column">
      <Text bold>{lines.length > rows ? `Keys (${top + 1}-${Math.min(lines.length, top + rows)} of ${lines.length}, j/k scroll)` : 'Keys'}</Text>
      {shown.map((l, i) =>
        l.heading ? (
          <Text key={i} bold color={t.c('cyan')}>
            {l.heading}
          </Text>
        ) : (
          <Text key={i} wrap="truncate">
            {'  '}
            <Text bold>{(l.label ?? '').padEnd(width)}</Text>
            {`  ${l.description}`}
            {l.dangerous ? <Text color={t.c('red')}>{'  ! confirmed'}</Text> : null}
          </Text>
        ),
      )}
    </Box>
  );
}

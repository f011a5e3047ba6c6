// A generic selectable list (environments, profiles): j/k/arrows, Enter picks, Esc closes.
// Only the visible window is rendered.
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { Box, Text } from 'ink';
import { useKeyLayer } from '../keys/use-key-layer.js';
import type { KeyTable } from '../keys/key-table.js';
import { useTheme } from '../theme/theme-context.js';
import { moveSelection, windowStart } from './list-window.js';
import { useSyncState } from '../use-sync-state.js';

export const LIST_KEYS: KeyTable<'up' | 'down' | 'pick' | 'close'> = [
  { keys: ['up', 'k'], description: 'up', action: 'up', label: 'k/↑' },
  { keys: ['down', 'j'], description: 'down', action: 'down', label: 'j/↓' },
  { keys: ['enter'], description: 'choose', action: 'pick' },
  { keys: ['escape'], description: 'close', action: 'close' },
];

export interface SelectItem {
  key: string;
  label: string;
  detail?: string;
  /** Shown with inverse/red and a "!" marker (protected environments). */
  alert?: boolean;
}

export interface SelectListProps {
  title: string;
  items: readonly SelectItem[];
  height: number;
  priority: number;
  onPick(key: string): void;
  /** Omit when there is nothing to go back to (first-run picker). */
  onClose?: () => void;
  initialKey?: string;
  /** @default true */
  exclusive?: boolean;
  /** @default LIST_KEYS */
  keys?: KeyTable;
  onOtherAction?: (action: string) => void;
}

export function SelectList({ title, items, height, priority, onPick, onClose, initialKey, exclusive = true, keys = LIST_KEYS, onOtherAction }: SelectListProps) {
  const t = useTheme();
  const [{ selected, start }, setView, view] = useSyncState(() => ({ selected: Math.max(0, items.findIndex((i) => i.key === initialKey)), start: 0 }));
  const rows = Math.max(1, height - 1);
  useKeyLayer(priority, keys, (action) => {
    const current = view.current.selected;
    if (action === 'up' || action === 'down') {
      const next = moveSelection(current, action === 'up' ? -1 : 1, items.length);
      setView((v) => ({ selected: next, start: windowStart(next, items.length, rows, v.start) }));
    } else if (action === 'pick' && items[current]) onPick(items[current]!.key);
    else if (action === 'close') {
      if (!onClose) return false;
      onClose();
    } else onOtherAction?.(action);
    return true;
  }, { exclusive });
  const first = windowStart(selected, items.length, rows, start);
  return (
    <Box flexDirection="column">
      <Text bold>{terminalSafe(title)}</Text>
      {items.slice(first, first + rows).map((item, n) => {
        const isSel = first + n === selected;
        return (
          <Text key={item.key} inverse={isSel} wrap="truncate">
            {isSel ? `${t.glyphs.selected} ` : '  '}
            {item.alert ? <Text color={t.c('red')} bold>{terminalSafe(`! ${item.label}`)}</Text> : terminalSafe(item.label)}
            {item.detail ? <Text dimColor>{terminalSafe(`  ${item.detail}`)}</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}

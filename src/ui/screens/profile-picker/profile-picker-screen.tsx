// Several profiles and none chosen: the operator picks one.
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { Box, Text } from 'ink';
import { useTheme } from '../../theme/theme-context.js';
import { SelectList, LIST_KEYS } from '../../components/select-list.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import type { KeyTable } from '../../keys/key-table.js';

export const PICKER_KEYS: KeyTable = [...LIST_KEYS.filter((k) => k.action !== 'close'), { keys: ['q', 'ctrl+c', 'escape'], description: 'quit', action: 'quit', label: 'q' }];

export function ProfilePickerScreen({ names, message, height, onPick, onQuit }: { names: string[]; message?: string; height: number; onPick(name: string): void; onQuit(): void }) {
  const t = useTheme();
  useKeyLayer(PRIORITY.global, PICKER_KEYS, (a) => (a === 'quit' ? onQuit() : false));
  return (
    <Box flexDirection="column">
      {message ? <Text color={t.c('red')}>{terminalSafe(message)}</Text> : null}
      <SelectList
        title="Choose a profile (Enter opens it; --profile NAME or OPSDECK_PROFILE skips this)"
        items={names.map((n) => ({ key: n, label: n }))}
        height={height - (message ? 1 : 0)}
        priority={PRIORITY.screen}
        exclusive={false}
        onPick={onPick}
      />
    </Box>
  );
}

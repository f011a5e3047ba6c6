// The `:` command line at the bottom of the body: type, Enter runs, Esc cancels.
import { Text } from 'ink';
import { useKeyLayer } from '../keys/use-key-layer.js';
import { PRIORITY } from '../keys/key-router.js';
import type { KeyTable } from '../keys/key-table.js';
import { isErase } from '../keys/key-name.js';
import { useSyncState } from '../use-sync-state.js';

export const COMMAND_KEYS: KeyTable<'run' | 'cancel'> = [
  { keys: ['enter'], description: 'run', action: 'run' },
  { keys: ['escape'], description: 'cancel', action: 'cancel' },
];

export function CommandPrompt({ onSubmit, onCancel }: { onSubmit(text: string): void; onCancel(): void }) {
  const [text, setText, textRef] = useSyncState('');
  useKeyLayer(PRIORITY.modal, COMMAND_KEYS, (action) => (action === 'run' ? onSubmit(textRef.current) : onCancel()), {
    exclusive: true,
    capture: (input, key) => {
      if (isErase(key)) {
        if (textRef.current === '') onCancel();
        else setText((s) => s.slice(0, -1));
        return true;
      }
      if (key === 'enter' || key === 'escape' || key.startsWith('ctrl+')) return false;
      if (/^[\x20-\x7e]+$/.test(input)) {
        setText((s) => (s + input).slice(0, 200));
        return true;
      }
      return false;
    },
  });
  return (
    <Text>
      :{text}
      <Text inverse> </Text>
    </Text>
  );
}

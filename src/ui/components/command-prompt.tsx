// The `:` command line at the bottom of the body: type, Enter runs, Esc cancels.
import { useState } from 'react';
import { Text } from 'ink';
import { useKeyLayer } from '../keys/use-key-layer.js';
import { PRIORITY } from '../keys/key-router.js';
import type { KeyTable } from '../keys/key-table.js';
import { isErase } from '../keys/key-name.js';

export const COMMAND_KEYS: KeyTable<'run' | 'cancel'> = [
  { keys: ['enter'], description: 'run', action: 'run' },
  { keys: ['escape'], description: 'cancel', action: 'cancel' },
];

export function CommandPrompt({ onSubmit, onCancel }: { onSubmit(text: string): void; onCancel(): void }) {
  const [text, setText] = useState('');
  useKeyLayer(PRIORITY.modal, COMMAND_KEYS, (action) => (action === 'run' ? onSubmit(text) : onCancel()), {
    exclusive: true,
    capture: (input, key) => {
      if (isErase(key)) {
        if (text === '') onCancel();
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

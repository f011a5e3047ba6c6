// Key capture for a typed confirmation (the environment name): printable ASCII appends, erase
// deletes, and Enter, Esc and control keys fall through to the dialog's own table.
import { isErase } from './key-name.js';

const MAX_TYPED = 100;

export function typedTextCapture(setTyped: (update: (s: string) => string) => void, onTyped?: () => void): (input: string, key: string) => boolean {
  return (input, key) => {
    if (isErase(key)) {
      setTyped((s) => s.slice(0, -1));
      return true;
    }
    if (key === 'enter' || key === 'escape' || key.startsWith('ctrl+') || input.length === 0) return false;
    if (/^[\x20-\x7e]+$/.test(input)) {
      setTyped((s) => (s + input).slice(0, MAX_TYPED));
      onTyped?.();
      return true;
    }
    return false;
  };
}

// Ink's (input, key) pair → one key name, the vocabulary of the key tables.
import type { Key } from 'ink';

export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  return input;
}

/**
 * A burst longer than this is a paste, not typing: its printable runs arrive as one `paste` key
 * each (a text field takes the run at once; no key binding matches it), so 1 MB pasted is a few
 * dispatches, not a million renders. Past PASTE_MAX characters the rest is dropped.
 */
export const PASTE_MIN = 64;
export const PASTE_MAX = 4096;

function pasteKeys(chars: string[]): { input: string; name: string }[] {
  const out: { input: string; name: string }[] = [];
  let run = '';
  const flush = () => {
    if (run) out.push({ input: run, name: 'paste' });
    run = '';
  };
  for (const ch of chars.slice(0, PASTE_MAX)) {
    const code = ch.charCodeAt(0);
    if (code >= 0x20 && code !== 0x7f) run += ch;
    else {
      flush();
      out.push({ input: ch, name: CONTROL[ch] ?? `ctrl+${String.fromCharCode(code + 96)}` });
    }
  }
  flush();
  return out;
}

/** Keys that erase a character in a text field (terminals disagree on DEL vs BS). */
export const isErase = (name: string): boolean => name === 'backspace' || name === 'delete';

const CONTROL: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', '\x7f': 'backspace', '\b': 'backspace', '\x1b': 'escape' };

/**
 * Ink hands over several plain characters read at once (fast typing over SSH, a paste, tmux
 * send-keys) as one string; the console wants them one key at a time: "j\r" is j, then Enter.
 */
export function splitKeys(input: string, key: Key): { input: string; name: string }[] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta || input.startsWith('\x1b')) return [{ input, name: keyName(input, key) }];
  if (chars.length > PASTE_MIN) return pasteKeys(chars);
  return chars.map((ch) => {
    if (CONTROL[ch]) return { input: ch, name: CONTROL[ch]! };
    const code = ch.charCodeAt(0);
    if (code < 0x20) return { input: ch, name: `ctrl+${String.fromCharCode(code + 96)}` };
    return { input: ch, name: ch };
  });
}

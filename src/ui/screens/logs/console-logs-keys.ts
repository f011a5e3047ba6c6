// The log viewer's key table in the console's vocabulary: the footer and `?` help come from it,
// and its `e`/`E` deliberately shadow the global environment switcher on this screen.
import type { Key } from 'ink';
import type { KeyTable } from '../../keys/key-table.js';
import { GLOBAL_KEYS } from '../../keys/global-keys.js';
import { LOGS_KEYS } from './logs-keys.js';

const ROUTER_NAME: Record<string, string> = {
  '↑': 'up', '↓': 'down', PgUp: 'pageup', PgDn: 'pagedown', Home: 'home', End: 'end', space: ' ', 'ctrl-b': 'ctrl+b', 'ctrl-f': 'ctrl+f',
};
const globalKeys = new Set(GLOBAL_KEYS.flatMap((b) => b.keys));
const SHORT: Partial<Record<string, string>> = {
  follow: 'follow', filter: 'filter', level: 'level', search: 'find', nextMatch: 'next', nextProblem: 'next error', wrap: 'wrap', timestamps: 'time', save: 'save',
};

export const CONSOLE_LOGS_KEYS: KeyTable = [
  ...LOGS_KEYS.map((k) => {
    const keys = k.keys.map((name) => ROUTER_NAME[name] ?? name);
    return { keys, description: k.description, short: SHORT[k.command], action: k.command, helpOnly: !k.footer, label: k.keys.length > 1 && k.keys[0]!.length > 1 ? k.keys[1]! : k.keys[0]!, ...(keys.some((n) => globalKeys.has(n)) ? { overrides: true } : {}) };
  }),
  { keys: ['escape', 'backspace'], description: 'back (clears the filter first)', action: 'back', label: 'Esc' },
];

/** The console router's key name back to the Ink key the viewer reads. */
export function inkKeyOf(name: string): Key {
  return {
    upArrow: name === 'up', downArrow: name === 'down', leftArrow: name === 'left', rightArrow: name === 'right',
    pageUp: name === 'pageup', pageDown: name === 'pagedown', home: name === 'home', end: name === 'end',
    return: name === 'enter', escape: name === 'escape', tab: name === 'tab' || name === 'shift+tab', shift: name === 'shift+tab',
    backspace: name === 'backspace', delete: name === 'delete', ctrl: name.startsWith('ctrl+'), meta: false,
  } as Key;
}

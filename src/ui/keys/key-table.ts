// Key bindings are data: one table per screen (and per modal, and the global one). The footer
// and the `?` help are generated from these tables, and a test checks them for clashes.
import { anyKeyOf } from '../../domain/text/char-class.js';

export interface KeyBinding<A extends string = string> {
  /** Key names as produced by `keyName`: 'j', 'down', 'enter', 'escape', 'ctrl+c', '?'. */
  keys: readonly string[];
  /** Shown in the footer and the help; required (a test fails on an empty one). */
  description: string;
  action: A;
  /** Changes something (start/stop/restart…): confirmed, and removed in read-only mode. */
  dangerous?: boolean;
  /** Listed in help but not in the footer (the footer is one line). */
  helpOnly?: boolean;
  /** Footer text when the description is too long for one line of keys. @default description */
  short?: string;
  /** Footer/help label when the keys alone read badly, e.g. "j/k". */
  label?: string;
  /** This screen binding deliberately shadows a global key of the same name. */
  overrides?: boolean;
}

export type KeyTable<A extends string = string> = readonly KeyBinding<A>[];

const DISPLAY: Record<string, string> = {
  enter: 'Enter', escape: 'Esc', up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn',
  home: 'Home', end: 'End', tab: 'Tab', 'shift+tab': 'S-Tab', backspace: 'Bksp', delete: 'Del', ' ': 'Space',
};
const DISPLAY_ASCII: Record<string, string> = { ...DISPLAY, up: 'Up', down: 'Down', left: 'Left', right: 'Right' };

export function displayKey(name: string, ascii = false): string {
  const table = ascii ? DISPLAY_ASCII : DISPLAY;
  if (table[name]) return table[name]!;
  if (name.startsWith('ctrl+')) return `^${name.slice(5).toUpperCase()}`;
  return name;
}

const ARROW_KEYS: Record<string, string> = { '↑': 'up', '↓': 'down', '←': 'left', '→': 'right' };
const ARROW_CHARS = anyKeyOf(ARROW_KEYS);

export function bindingLabel(b: KeyBinding, ascii = false): string {
  if (b.label === undefined) return b.keys.map((k) => displayKey(k, ascii)).join('/');
  // A hand-written label ("k/↑") draws its arrows the way --ascii draws keys.
  return ascii ? b.label.replace(ARROW_CHARS, (g) => displayKey(ARROW_KEYS[g]!, true)) : b.label;
}

export interface KeyTableProblem {
  table: string;
  message: string;
}

/**
 * Missing descriptions, a key bound twice in one table, or a screen key that shadows a global
 * key without saying so (`overrides`). `tables` are checked each against `global`.
 */
export function checkKeyTables(tables: Readonly<Record<string, KeyTable>>, global: KeyTable): KeyTableProblem[] {
  const problems: KeyTableProblem[] = [];
  const globalKeys = new Map<string, string>();
  for (const b of global) for (const k of b.keys) globalKeys.set(k, b.action);
  const check = (name: string, table: KeyTable, againstGlobal: boolean) => {
    const seen = new Map<string, string>();
    for (const b of table) {
      if (!b.description.trim()) problems.push({ table: name, message: `action "${b.action}" has no description` });
      if (b.keys.length === 0) problems.push({ table: name, message: `action "${b.action}" has no key` });
      for (const k of b.keys) {
        const prior = seen.get(k);
        if (prior !== undefined) problems.push({ table: name, message: `key "${k}" bound to both "${prior}" and "${b.action}"` });
        seen.set(k, b.action);
        const g = globalKeys.get(k);
        if (againstGlobal && g !== undefined && !b.overrides) {
          problems.push({ table: name, message: `key "${k}" ("${b.action}") clashes with global "${g}"` });
        }
      }
    }
  };
  check('global', global, false);
  for (const [name, table] of Object.entries(tables)) check(name, table, true);
  return problems;
}

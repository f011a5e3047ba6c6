// The log viewer's keys as data: the handler dispatches from it, and the footer and `?` help
// are generated from the same table (nothing here is dangerous: logs are read-only).

export type LogsCommand =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'follow'
  | 'filter' | 'level' | 'context' | 'search' | 'nextMatch' | 'prevMatch'
  | 'nextProblem' | 'prevProblem' | 'wrap' | 'timestamps' | 'save' | 'clear';

export interface LogsKey {
  /** As shown to the operator. */
  keys: string[];
  command: LogsCommand;
  description: string;
  /** Shown in the one-line footer (the rest only in help). */
  footer?: boolean;
  dangerous?: false;
}

export const LOGS_KEYS: readonly LogsKey[] = [
  { keys: ['↑', 'k'], command: 'up', description: 'scroll up (pauses follow)' },
  { keys: ['↓', 'j'], command: 'down', description: 'scroll down' },
  { keys: ['PgUp', 'ctrl-b'], command: 'pageUp', description: 'page up' },
  { keys: ['PgDn', 'ctrl-f', 'space'], command: 'pageDown', description: 'page down' },
  { keys: ['Home', 'g'], command: 'top', description: 'oldest line kept' },
  { keys: ['End', 'G'], command: 'follow', description: 'follow newest lines', footer: true },
  { keys: ['/'], command: 'filter', description: 'filter: text or /regex/ (case-insensitive)', footer: true },
  { keys: ['l'], command: 'level', description: 'level filter: all → warn+ → error+', footer: true },
  { keys: ['c'], command: 'context', description: 'context lines around matches: 0 → 2 → 5', footer: false },
  { keys: ['f'], command: 'search', description: 'find (search, highlights matches)', footer: true },
  { keys: ['n'], command: 'nextMatch', description: 'next search match', footer: true },
  { keys: ['N'], command: 'prevMatch', description: 'previous search match' },
  { keys: ['e'], command: 'nextProblem', description: 'next warning or error', footer: true },
  { keys: ['E'], command: 'prevProblem', description: 'previous warning or error' },
  { keys: ['w'], command: 'wrap', description: 'wrap long lines on/off', footer: true },
  { keys: ['t'], command: 'timestamps', description: 'timestamps on/off', footer: true },
  { keys: ['s'], command: 'save', description: 'save the filtered lines to a file (masked)', footer: true },
  { keys: ['x'], command: 'clear', description: 'clear filter, level and search' },
];

/** The subset of Ink's Key the viewer looks at. */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  ctrl?: boolean;
}

/** Command for a key press in normal mode, or undefined (not ours: let the screen have it). */
export function commandFor(input: string, key: KeyInfo): LogsCommand | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (key.home) return 'top';
  if (key.end) return 'follow';
  if (key.ctrl) return input === 'b' ? 'pageUp' : input === 'f' ? 'pageDown' : undefined;
  if (input === ' ') return 'pageDown';
  if (input.length !== 1) return undefined;
  return LOGS_KEYS.find((k) => k.keys.includes(input))?.command;
}

// Key tables of the runbook screens: list, inputs form, plan, guided run, history, run report.
import type { KeyTable } from '../../keys/key-table.js';

export const RUNBOOK_LIST_KEYS: KeyTable<'up' | 'down' | 'open' | 'history' | 'back'> = [
  { keys: ['up', 'k'], description: 'up', action: 'up', label: 'k/↑' },
  { keys: ['down', 'j'], description: 'down', action: 'down', label: 'j/↓' },
  { keys: ['enter'], description: 'fill inputs', action: 'open' },
  { keys: ['h'], description: 'history', action: 'history' },
  { keys: ['escape'], description: 'back', action: 'back' },
];

/** Text fields take printable keys, so navigation uses arrows, Tab and Enter only. */
export const INPUTS_KEYS: KeyTable<'prev' | 'next' | 'choicePrev' | 'choiceNext' | 'submit' | 'back'> = [
  { keys: ['up', 'shift+tab'], description: 'previous field', action: 'prev', label: '↑/S-Tab' },
  { keys: ['down', 'tab'], description: 'next field', action: 'next', label: '↓/Tab' },
  { keys: ['left'], description: 'change choice', action: 'choicePrev', label: '←/→' },
  { keys: ['right'], description: 'next choice', action: 'choiceNext', helpOnly: true },
  { keys: ['enter'], description: 'next / plan', action: 'submit' },
  { keys: ['escape'], description: 'back', action: 'back' },
];

export const PLAN_KEYS: KeyTable<'up' | 'down' | 'dryRun' | 'start' | 'back'> = [
  { keys: ['up', 'k'], description: 'scroll', action: 'up', label: 'k/j' },
  { keys: ['down', 'j'], description: 'scroll down', action: 'down', helpOnly: true },
  { keys: ['d'], description: 'dry-run on/off', action: 'dryRun' },
  { keys: ['enter'], description: 'start the run', action: 'start', dangerous: true },
  { keys: ['escape'], description: 'back to inputs', action: 'back' },
];

/** A plan whose run changes nothing (a dry run, a runbook that only reads): read-only mode offers its start too. */
export const SAFE_PLAN_KEYS: typeof PLAN_KEYS = PLAN_KEYS.map((b) => (b.action === 'start' ? { ...b, description: 'start (changes nothing)', dangerous: false } : b));

/**
 * The guided run while a step runs. The run screen offers the table of its state (runKeysFor):
 * ^C only while a step runs, and Esc always leaves (a run not finished goes on, or waits for
 * an answer, without this console; :attach comes back to it).
 */
export const RUN_KEYS: KeyTable<'abort' | 'back' | 'up' | 'down'> = [
  { keys: ['ctrl+c'], description: 'abort the step (asks)', action: 'abort', dangerous: true, overrides: true, label: '^C' },
  { keys: ['up', 'k'], description: 'output up', action: 'up', label: 'k/j' },
  { keys: ['down', 'j'], description: 'output down', action: 'down', helpOnly: true },
  { keys: ['escape'], description: 'back (the run goes on; :attach returns)', short: 'back (run goes on)', action: 'back' },
];

/** Between steps (nothing to abort), or the runner's connection closed. */
export const RUN_IDLE_KEYS: typeof RUN_KEYS = RUN_KEYS.filter((b) => b.action !== 'abort');

/** The run is over: Ctrl-C is the console's quit again. */
export const RUN_FINISHED_KEYS: typeof RUN_KEYS = RUN_IDLE_KEYS.map((b) => (b.action === 'back' ? { keys: b.keys, description: 'back to the runbooks', action: b.action } : b));

export function runKeysFor(state: 'running' | 'idle' | 'finished'): typeof RUN_KEYS {
  return state === 'running' ? RUN_KEYS : state === 'idle' ? RUN_IDLE_KEYS : RUN_FINISHED_KEYS;
}

export const HISTORY_KEYS: KeyTable<'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last' | 'open' | 'attach' | 'back'> = [
  { keys: ['up', 'k'], description: 'up', action: 'up', label: 'k/↑' },
  { keys: ['down', 'j'], description: 'down', action: 'down', label: 'j/↓' },
  { keys: ['pageup'], description: 'page up', action: 'pageUp', helpOnly: true },
  { keys: ['pagedown'], description: 'page down', action: 'pageDown', helpOnly: true },
  { keys: ['home', 'g'], description: 'newest run', action: 'first', helpOnly: true },
  { keys: ['end', 'G'], description: 'oldest run', action: 'last', helpOnly: true },
  { keys: ['enter'], description: 'read the report', action: 'open' },
  { keys: ['a'], description: 'attach/resume', action: 'attach', dangerous: true },
  { keys: ['escape'], description: 'back', action: 'back' },
];

export const REPORT_KEYS: KeyTable<'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last' | 'back'> = [
  { keys: ['up', 'k'], description: 'up', action: 'up', label: 'k/↑' },
  { keys: ['down', 'j'], description: 'down', action: 'down', label: 'j/↓' },
  { keys: ['pageup', 'b'], description: 'page up', action: 'pageUp', label: 'PgUp/b' },
  { keys: ['pagedown', ' '], description: 'page down', action: 'pageDown', label: 'PgDn/Space' },
  { keys: ['home', 'g'], description: 'top', action: 'first', helpOnly: true },
  { keys: ['end', 'G'], description: 'bottom', action: 'last', helpOnly: true },
  { keys: ['escape'], description: 'back', action: 'back' },
];

// The keys of a question the runner asks, generated from its choices, so the footer and what
// the keys do come from one table. y/N questions default to No: Enter and n answer no. Typed
// confirmations take text; Enter submits it, Enter with nothing typed answers no. Esc steps
// away from the run screen without answering (the question waits; :attach comes back to it),
// except on "Abort the running step?", which the operator's own Ctrl-C asked: Esc cancels that.
import type { ConfirmChoice } from '../../../domain/runbook/run-events.js';
import type { ConfirmRequest } from '../../../ports/confirmer.js';
import type { KeyBinding, KeyTable } from '../../keys/key-table.js';

const KEY: Record<ConfirmChoice, string> = {
  yes: 'y', no: 'n', skip: 's', retry: 't', rollback: 'r', continue: 'c', stop: 'x', abort: 'a', rerun: 'r', 'mark-done': 'm',
};

const LABEL: Record<ConfirmChoice, string> = {
  yes: 'yes, run it', no: 'no', skip: 'skip this step', retry: 'retry the step', rollback: 'roll back completed steps', continue: 'continue',
  stop: 'stop the run', abort: 'abort', rerun: 're-run the step', 'mark-done': 'mark it done',
};

/** A guard pause is before the next step: retry checks the guarded services again, nothing re-runs. */
const GUARD_LABEL: Partial<Record<ConfirmChoice, string>> = { retry: 'retry (check health again)', continue: 'continue anyway', stop: 'stop the run' };

export function isYesNo(r: ConfirmRequest): boolean {
  return r.choices.includes('no');
}

export type PromptAction = ConfirmChoice | 'submit' | 'leave';

const LEAVE: KeyBinding<PromptAction> = { keys: ['escape'], description: 'back (the question waits)', action: 'leave' };

export function promptKeys(r: ConfirmRequest): KeyTable<PromptAction> {
  if (r.level === 'typed' && r.expected !== undefined) {
    return [
      { keys: ['enter'], description: `confirm (type ${r.expected}; nothing typed: no)`, short: `confirm / nothing typed: no`, action: 'submit', dangerous: true },
      LEAVE,
    ];
  }
  const out: KeyBinding<PromptAction>[] = [];
  for (const c of r.choices) {
    if (c === 'no') continue;
    // "Abort the running step?" reads as a yes/no question: y answers it too.
    const keys = r.purpose === 'abort' && c === 'abort' ? ['y', 'a'] : [KEY[c]];
    out.push({ keys, description: r.purpose === 'abort' && c === 'abort' ? 'yes, abort (kills the step)' : r.purpose === 'manual' && c === 'yes' ? 'done' : (r.purpose === 'guard' && GUARD_LABEL[c]) || LABEL[c], action: c, dangerous: c !== 'skip' });
  }
  if (r.purpose === 'abort') out.push({ keys: ['n', 'enter', 'escape'], description: 'no (default)', action: 'no', label: 'n/Enter/Esc' });
  else if (isYesNo(r)) out.push({ keys: ['n', 'enter'], description: 'no (default)', action: 'no', label: 'n/Enter' });
  else out.push({ keys: ['enter'], description: `${LABEL[r.defaultChoice]} (default)`, action: r.defaultChoice });
  if (r.purpose !== 'abort') out.push(LEAVE);
  return out;
}

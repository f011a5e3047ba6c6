// The inputs form as data: one field per runbook input (plus the change reference first in a
// protected environment), values prefilled with defaults, validation by the engine's own
// rules (pattern, choices) plus "required". Pure: tested without Ink.
import type { Runbook, RunbookInput } from '../../../domain/runbook/runbook-model.js';
import { checkInputValue } from '../../../domain/runbook/inputs.js';

export const CHANGE_REF = '\0change-ref';

export interface FormField {
  key: string;
  label: string;
  description?: string;
  kind: 'text' | 'secret' | 'choice';
  /** For choice fields (static `choices` or the output of `choices_from`). */
  choices?: readonly string[];
  default?: string;
  pattern?: string;
  input?: RunbookInput;
  /** Its choices come from a command that names these inputs: listed once they are filled. */
  waitingOn?: readonly string[];
  /** Its `choices_from` command failed (e.g. for a half-typed directory): why. */
  listError?: string;
}

export function formFields(rb: Runbook, protectedEnv: boolean, dynamic: Readonly<Record<string, readonly string[]>>, waiting: Readonly<Record<string, readonly string[]>> = {}, failed: Readonly<Record<string, string>> = {}): FormField[] {
  const fields: FormField[] = [];
  if (protectedEnv) fields.push({ key: CHANGE_REF, label: 'change reference', description: 'ticket id for this change (required in a protected environment)', kind: 'text' });
  for (const i of rb.inputs) {
    const listError = failed[i.name];
    const choices = i.choices ?? dynamic[i.name] ?? (waiting[i.name] || listError ? [] : undefined);
    fields.push({ key: i.name, label: i.name, description: i.description, kind: choices ? 'choice' : i.secret ? 'secret' : 'text', choices, default: i.default, pattern: i.pattern, input: i, ...(waiting[i.name]?.length ? { waitingOn: waiting[i.name] } : {}), ...(listError ? { listError } : {}) });
  }
  return fields;
}

export function initialValues(fields: readonly FormField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.key] = f.default ?? '';
  return out;
}

/** The problem with a field's value, or undefined when it is acceptable. */
export function fieldProblem(f: FormField, value: string): string | undefined {
  if (f.key === CHANGE_REF) return value.trim() ? undefined : 'a change reference is required in a protected environment';
  if (f.listError) return f.listError;
  if (f.waitingOn?.length) return `fill ${f.waitingOn.join(', ')} first: the choices are listed from ${f.waitingOn.length > 1 ? 'them' : 'it'}`;
  if (value === '') return f.kind === 'choice' ? `choose one of ${f.choices?.length ?? 0} (←/→)` : 'required';
  return f.input ? checkInputValue(f.input, value, f.choices) : undefined;
}

export function formProblems(fields: readonly FormField[], values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const p = fieldProblem(f, values[f.key] ?? '');
    if (p) out[f.key] = p;
  }
  return out;
}

/** Moves a choice field's value by `delta` through its list (wrapping). */
export function cycleChoice(f: FormField, value: string, delta: number): string {
  const list = f.choices ?? [];
  if (list.length === 0) return value;
  const at = list.indexOf(value);
  if (at < 0) return delta > 0 ? list[0]! : list[list.length - 1]!;
  return list[(at + delta + list.length) % list.length]!;
}

export function splitValues(values: Readonly<Record<string, string>>): { inputs: Record<string, string>; changeRef?: string } {
  const { [CHANGE_REF]: changeRef, ...inputs } = values;
  return { inputs, changeRef: changeRef?.trim() || undefined };
}

// Input values: given by the operator (flags, form), checked against pattern and choices,
// defaults filled in. Problems name the input so the message says what to fix.
import type { Runbook, RunbookInput } from './runbook-model.js';
import { didYouMean } from '../did-you-mean.js';
import { templateRefs } from '../template.js';
import { MASK, MIN_SECRET_LENGTH } from '../text/redaction.js';

export interface InputProblem {
  input: string;
  message: string;
}

export interface ResolvedInputs {
  values: Record<string, string>;
  problems: InputProblem[];
}

/**
 * `choices` holds the lists produced by `choices_from` commands, by input name (the caller ran
 * them). A value is checked against its input's pattern (whole value) and choices.
 */
export function resolveInputs(rb: Pick<Runbook, 'inputs'>, given: Readonly<Record<string, string>>, choices: Readonly<Record<string, readonly string[]>> = {}): ResolvedInputs {
  const values: Record<string, string> = {};
  const problems: InputProblem[] = [];
  const names = rb.inputs.map((i) => i.name);
  for (const k of Object.keys(given)) {
    if (!names.includes(k)) {
      problems.push({ input: k, message: `unknown input "${k}"${didYouMean(k, names)}; inputs: ${names.join(', ') || 'none'}` });
    }
  }
  for (const input of rb.inputs) {
    const value = Object.hasOwn(given, input.name) ? given[input.name] : input.default;
    if (value === undefined) {
      problems.push({ input: input.name, message: `input "${input.name}" is required${input.description ? ` (${input.description})` : ''}${hint(input, choices[input.name])}` });
      continue;
    }
    const problem = checkInputValue(input, value, choices[input.name]);
    if (problem) problems.push({ input: input.name, message: problem });
    else values[input.name] = value;
  }
  return { values, problems };
}

/** A message when `value` is not acceptable for `input`, else undefined (used by the form too). */
export function checkInputValue(input: RunbookInput, value: string, dynamicChoices?: readonly string[]): string | undefined {
  if (value.includes('\0')) return `input "${input.name}" contains a NUL character`;
  if (input.secret && value.length < MIN_SECRET_LENGTH) return shortSecretProblem(input.name);
  // A secret's value is never echoed back, not even in the message refusing it.
  const shown = input.secret ? MASK : preview(value);
  const list = input.choices ?? dynamicChoices;
  if (list && !list.includes(value)) {
    return `input "${input.name}": "${shown}" is not one of the choices: ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''}`;
  }
  if (input.pattern !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${input.pattern})$`);
    } catch {
      return `input "${input.name}": its pattern is not a valid regular expression`;
    }
    if (!re.test(value)) return `input "${input.name}": "${shown}" does not match the pattern ${input.pattern}`;
  }
  return undefined;
}

/**
 * The redactor cannot mask a value this short (it would mask ordinary words), so it would show in
 * the run's output, journal and report: refused before anything runs, wherever inputs are given.
 */
export function shortSecretProblem(name: string): string {
  return `input "${name}": a secret needs at least ${MIN_SECRET_LENGTH} characters (a shorter one cannot be masked in output, journal and report); use a longer value`;
}

function hint(input: RunbookInput, dynamic?: readonly string[]): string {
  const list = input.choices ?? dynamic;
  const flag = `; pass --input ${input.name}=VALUE`;
  return list?.length ? `${flag} (choices: ${list.slice(0, 10).join(', ')})` : flag;
}

function preview(v: string): string {
  const one = JSON.stringify(v).slice(1, -1);
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

/** Environment variable names for inputs and vars: upper-cased, "-" and "." become "_". */
export function envVarName(prefix: 'OPSDECK_INPUT_' | 'OPSDECK_VAR_', name: string): string {
  return prefix + name.toUpperCase().replace(/[-.]/g, '_');
}

/** Inputs a `choices_from` command names (`{{ inputs.x }}`): it can only run once they have values. */
export function choicesDependOn(input: Pick<RunbookInput, 'choicesFrom'>): string[] {
  return [...new Set((input.choicesFrom ?? []).flatMap((a) => templateRefs(a).filter((r) => r.scope === 'inputs').map((r) => r.name)))];
}

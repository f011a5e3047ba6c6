// Runs the `choices_from` commands of a runbook's inputs (argv, no shell, inputs expanded per
// element) and returns their output lines as the choices, newest-first order kept.
import { expandArgv } from '../../domain/template.js';
import { choicesDependOn } from '../../domain/runbook/inputs.js';
import { argvCodeProblems } from '../../domain/runbook/argv-safety.js';
import type { Runbook, RunbookInput } from '../../domain/runbook/runbook-model.js';
import { UsageError, errorMessage } from '../../domain/errors.js';
import { executeStep } from '../../adapters/process/step-executor.js';

/**
 * `skipUnfilled`: an input whose command names an input without a value yet is left out (a form
 * lists its choices once those are filled) instead of failing. `failed`: a listing that fails is
 * recorded there (by input name) instead of rejecting, so a form can say so beside that field
 * while the operator corrects the input it depends on (a half-typed directory fails to list).
 */
export async function resolveChoices(rb: Runbook, given: Readonly<Record<string, string>>, baseDir: string, vars: Readonly<Record<string, string>> = {}, timeoutMs = 15_000, options: { skipUnfilled?: boolean; failed?: Record<string, string> } = {}): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const input of rb.inputs) {
    if (!input.choicesFrom) continue;
    if (options.skipUnfilled && choicesDependOn(input).some((name) => !given[name])) continue;
    try {
      out[input.name] = await listChoices(input, given, baseDir, vars, timeoutMs);
    } catch (e) {
      if (!options.failed) throw e;
      options.failed[input.name] = errorMessage(e);
    }
  }
  return out;
}

async function listChoices(input: RunbookInput, given: Readonly<Record<string, string>>, baseDir: string, vars: Readonly<Record<string, string>>, timeoutMs: number): Promise<string[]> {
  if (!input.choicesFrom) return [];
  const unsafe = argvCodeProblems(input.choicesFrom);
  if (unsafe.length) throw new UsageError(`refused to list the choices for input "${input.name}": ${unsafe.map((p) => p.message).join('; ')}`);
  let argv: string[];
  try {
    argv = expandArgv(input.choicesFrom, { inputs: given, vars });
  } catch (e) {
    throw new UsageError(`cannot list the choices for input "${input.name}": ${errorMessage(e)}`);
  }
  const r = await executeStep({ argv, cwd: baseDir, env: {}, timeoutMs, keepStdout: true, tailLines: 5 });
  if (r.failed) throw new UsageError(`cannot list the choices for input "${input.name}": \`${argv.join(' ')}\` ${r.error ?? 'failed'}${r.tail.length ? `: ${r.tail.at(-1)}` : ''}`);
  return (r.stdout ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
}

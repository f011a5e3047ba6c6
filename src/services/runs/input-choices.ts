// Runs the `choices_from` commands of a runbook's inputs (argv, no shell, inputs expanded per
// element) and returns their output lines as the choices, newest-first order kept.
import { expandArgv } from '../../domain/template.js';
import { choicesDependOn } from '../../domain/runbook/inputs.js';
import { argvCodeProblems } from '../../domain/runbook/argv-safety.js';
import type { Runbook } from '../../domain/runbook/runbook-model.js';
import { UsageError, errorMessage } from '../../domain/errors.js';
import { executeStep } from '../../adapters/process/step-executor.js';

/**
 * `skipUnfilled`: an input whose command names an input without a value yet is left out (a form
 * lists its choices once those are filled) instead of failing.
 */
export async function resolveChoices(rb: Runbook, given: Readonly<Record<string, string>>, baseDir: string, vars: Readonly<Record<string, string>> = {}, timeoutMs = 15_000, options: { skipUnfilled?: boolean } = {}): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const input of rb.inputs) {
    if (!input.choicesFrom) continue;
    if (options.skipUnfilled && choicesDependOn(input).some((name) => !given[name])) continue;
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
    out[input.name] = (r.stdout ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  }
  return out;
}

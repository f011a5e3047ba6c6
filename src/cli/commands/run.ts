// `opsdeck run RUNBOOK --env E [--input k=v]... [--dry-run] [--yes] [--confirm-env E] [--change REF]`
// The run executes in a detached runner; this console attaches to it (and may leave).
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { loadContext } from '../command-context.js';
import { startRun } from '../start-run.js';

const HELP = `Usage: opsdeck run RUNBOOK --env E [--input name=value]... [--dry-run] [--yes]
                   [--confirm-env E] [--change REF] [--take-over] [--detach]

Runs a runbook in a detached runner process (a dropped SSH session does not stop it) and
attaches this console to it. On a terminal you answer each confirmation; without one, every
confirmation must come from flags or the run stops before the step, naming the flag:
  --yes              answer y/N confirmations
  --confirm-env E    answer typed confirmations (protected environment E)
  --change REF       change reference (required for protected environments)
  --dry-run          walk the plan, change nothing (takes no lock)
  --take-over        take over a stale lock (its holder is dead on this host)
  --detach           start the run and return at once; \`opsdeck attach RUN\` follows it
Exit: 0 succeeded, 1 failed or stopped, 130 aborted, 2 usage/config error.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', args, {
    input: { type: 'string', multiple: true, short: 'i' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    'confirm-env': { type: 'string' },
    change: { type: 'string' },
    'take-over': { type: 'boolean' },
    detach: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const [runbook, ...extra] = positionals;
  if (!runbook) throw new UsageError('run: which runbook?', 'opsdeck run RUNBOOK --env E');
  if (extra.length) throw new UsageError(`run: unexpected argument "${extra[0]}"`, 'inputs are given as --input name=value');
  if (!values.env) throw new UsageError('run: --env is required', 'opsdeck run RUNBOOK --env E');
  const inputs: Record<string, string> = {};
  for (const kv of values.input ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`run: --input "${kv}" is not name=value`);
    inputs[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const ctx = loadContext(values);
  return startRun(ctx, {
    runbook,
    inputs,
    dryRun: !!values['dry-run'],
    yes: !!values.yes,
    confirmEnv: values['confirm-env'],
    changeRef: values.change,
    takeOver: !!values['take-over'],
    detach: !!values.detach,
    tty: !!process.stdin.isTTY && !!process.stdout.isTTY,
  });
}

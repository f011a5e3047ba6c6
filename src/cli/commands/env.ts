// `opsdeck env check --env E [--json]`: required, renamed, deprecated and malformed variables
// of an environment, from the process environment and its env_file. No value is ever printed.
// Exit 0 clean, 1 problems, 2 configuration or usage error.
import { EXIT, UsageError } from '../../domain/errors.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { parseCommandArgs } from '../cli-args.js';
import { loadContext } from '../command-context.js';
import { JSON_OPTION, jsonDocument } from '../json-output.js';
import { envCheckLines, runEnvCheck } from '../../services/env/env-check.js';

const HELP = `Usage: opsdeck env check --env E [--json] [--profile NAME]

Checks environment E's variables, from this process's environment and the environment's
env_file (dotenv format; refused when it holds a secret and is readable by group or others):
  MISSING     a name in requires: that is not set
  RENAMED     an old name of renamed: {OLD: NEW} set while the new one is not (the exact rename)
  DEPRECATED  a name in deprecated: still set
  FORMAT      a value not matching its formats: {NAME: regex}
No value is ever printed, not even masked. Exit 0 clean, 1 problems, 2 configuration error.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('env', args, { ...JSON_OPTION });
  if (values.help || positionals[0] !== 'check') {
    process.stdout.write(HELP + '\n');
    if (values.help) return EXIT.ok;
    throw new UsageError(positionals[0] ? `env: unknown command "${positionals[0]}"` : 'env: say what to do: env check --env E', 'opsdeck env check --env production');
  }
  if (!values.env) throw new UsageError('env check: --env is required', 'opsdeck env check --env production');
  const ctx = loadContext(values);
  const report = runEnvCheck(ctx.profile, ctx.environment);
  if (values.json) {
    process.stdout.write(jsonDocument({ profile: report.profile, environment: report.environment, ok: report.problems.length === 0, envFile: report.envFile ?? null, requiredSet: report.requiredSet, problems: report.problems, notes: report.notes }));
  } else process.stdout.write(envCheckLines(report).map((l) => terminalSafe(l)).join('\n') + '\n');
  return report.problems.length ? EXIT.failed : EXIT.ok;
}

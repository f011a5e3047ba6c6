// `opsdeck` with no command: the console. Ink is loaded only here, and only on a terminal.
import { EXIT } from '../../domain/errors.js';
import { resolveOpsDir, withDemoDefaults } from '../../adapters/fs/ops-dir.js';
import { parseCommandArgs, readOnlyRequested } from '../cli-args.js';
import { reportError } from '../report-error.js';

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('opsdeck', args, { logs: { type: 'string' } });
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'opsdeck: the console needs a terminal (stdin and stdout must be a TTY).\n' +
        'Headless commands: `opsdeck status` for health, `opsdeck logs SVC` for logs, `opsdeck run RUNBOOK --env E` for runbooks; see `opsdeck --help`.\n',
    );
    return EXIT.usage;
  }
  const { startUi } = await importUiOnTerminal();
  const env = process.env;
  // Outside an ops repo the console opens the embedded demo (its status line says so).
  const ops = resolveOpsDir(values.dir, env);
  withDemoDefaults(ops, env);
  return startUi({
    ops,
    profileName: values.profile ?? env.OPSDECK_PROFILE,
    environment: values.env ?? env.OPSDECK_ENV,
    ascii: values.ascii,
    readonly: readOnlyRequested(values, env),
    logs: values.logs,
    reportError,
  });
}

/**
 * Ink decides once, when it loads, whether it runs "in CI" (CI / CONTINUOUS_INTEGRATION set)
 * and then writes no interactive frames at all: a blank console. We only get here on a real
 * terminal, so hide those variables while the UI loads, and put them back for the processes
 * the console starts.
 */
async function importUiOnTerminal(): Promise<typeof import('../../ui/start-ui.js')> {
  const names = ['CI', 'CONTINUOUS_INTEGRATION'] as const;
  const saved = names.map((n) => [n, process.env[n]] as const);
  for (const n of names) delete process.env[n];
  try {
    return await import('../../ui/start-ui.js');
  } finally {
    for (const [n, v] of saved) if (v !== undefined) process.env[n] = v;
  }
}

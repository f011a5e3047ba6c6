// `opsdeck` with no command: the console. Ink is loaded only here, and only on a terminal.
import { EXIT } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('opsdeck', args, {});
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'opsdeck: the console needs a terminal (stdin and stdout must be a TTY).\n' +
        'Headless commands: `opsdeck status` for health, `opsdeck logs SVC` for logs, `opsdeck run RUNBOOK --env E` for runbooks; see `opsdeck --help`.\n',
    );
    return EXIT.usage;
  }
  const { startUi } = await import('../../ui/start-ui.js');
  return startUi(values);
}

// argv → command: usage, the console (Ink, loaded only here), or a headless command. Run from the
// CLI bundle (dist/cli.cjs, see cli-loader.ts) or, unbundled, imported by main.ts.
import { COMMANDS, commandAfterGlobals, findCommand } from './command-table.js';
import { reportError } from './report-error.js';
import { EXIT } from '../domain/errors.js';
import { didYouMean } from '../domain/did-you-mean.js';

function usage(): string {
  const listed = COMMANDS.filter((c) => !c.hidden);
  const width = Math.max(...listed.map((c) => c.usage.length));
  return [
    'opsdeck — terminal operations console',
    '',
    'Usage: opsdeck [--dir DIR] [--profile NAME] [--env E] [--ascii] [--logs SVC|all]   open the console (needs a terminal),',
    '       on the log viewer of SVC (or every service merged) with --logs',
    '       opsdeck [global options] COMMAND [options]',
    '',
    'Commands:',
    ...listed.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Global options: --dir DIR (or OPSDECK_DIR), --profile NAME (or OPSDECK_PROFILE), --env E, --help, --version',
    `--json (see README): ${COMMANDS.filter((c) => c.json).map((c) => c.name).join(', ')}`,
    '  --demo: outside an ops repo, use the embedded demo (headless commands refuse without it)',
    'Run state lives in OPSDECK_STATE_DIR (default $XDG_STATE_HOME/opsdeck).',
  ].join('\n');
}

/** argv → command (or the console); errors become a message and an exit code here. */
export async function dispatch(argv: string[]): Promise<number> {
  try {
    return await route(argv);
  } catch (err) {
    return reportError(err);
  }
}

async function route(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'help' || ((first === '--help' || first === '-h') && rest.length === 0)) {
    process.stdout.write(usage() + '\n');
    return EXIT.ok;
  }
  const reordered = first?.startsWith('-') ? commandAfterGlobals(argv) : undefined;
  if (reordered) return route(reordered);
  if (first === undefined || first.startsWith('-')) {
    const { run } = await import('./commands/tui.js');
    return run(argv);
  }
  const command = findCommand(first);
  if (!command) {
    process.stderr.write(`opsdeck: unknown command "${first}"${didYouMean(first, COMMANDS.map((c) => c.name))}\n\n${usage()}\n`);
    return EXIT.usage;
  }
  const { run } = await command.load();
  return run(rest);
}


// Entry point: argv → command. Headless commands never load Ink; the TUI is a dynamic import.
import { COMMANDS, findCommand } from './command-table.js';
import { reportError } from './report-error.js';
import { EXIT } from '../domain/errors.js';
import { didYouMean } from '../domain/did-you-mean.js';
import { VERSION } from './version.js';

function usage(): string {
  const listed = COMMANDS.filter((c) => !c.hidden);
  const width = Math.max(...listed.map((c) => c.usage.length));
  return [
    'opsdeck — terminal operations console',
    '',
    'Usage: opsdeck [--dir DIR] [--profile NAME] [--env E] [--ascii] [--logs SVC|all]   open the console (needs a terminal),',
    '       on the log viewer of SVC (or every service merged) with --logs',
    '       opsdeck COMMAND [options]',
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

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    process.stdout.write(`opsdeck ${VERSION}\n`);
    return EXIT.ok;
  }
  if (first === 'help' || ((first === '--help' || first === '-h') && rest.length === 0)) {
    process.stdout.write(usage() + '\n');
    return EXIT.ok;
  }
  if (first === undefined || first.startsWith('-')) {
    const { runConsole } = await import('./console-loader.js');
    return runConsole(argv);
  }
  const command = findCommand(first);
  if (!command) {
    process.stderr.write(`opsdeck: unknown command "${first}"${didYouMean(first, COMMANDS.map((c) => c.name))}\n\n${usage()}\n`);
    return EXIT.usage;
  }
  const { run } = await command.load();
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportError(err);
  },
);

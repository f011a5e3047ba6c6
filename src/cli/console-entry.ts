// Entry point of the console bundle (dist/console.cjs, see scripts/bundle-options.mjs): the
// console command with its own error handler, since the bundle holds its own copy of the error
// classes and the CLI's handler would not recognise them.
import { run as runConsole } from './commands/tui.js';
import { reportError } from './report-error.js';

export async function run(argv: string[]): Promise<number> {
  try {
    return await runConsole(argv);
  } catch (e) {
    return reportError(e);
  }
}

// Entry point: `--version` at once; anything else through the CLI bundle with V8's code cache
// (cli-loader.ts), which routes argv (dispatch.ts). Headless commands never load Ink.
import { reportError } from './report-error.js';
import { EXIT } from '../domain/errors.js';
import { VERSION } from './version.js';
import { dropOutputOnceReaderLeaves } from './closed-stdout.js';

async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-V') {
    process.stdout.write(`opsdeck ${VERSION}\n`);
    return EXIT.ok;
  }
  const { runCli } = await import('./cli-loader.js');
  return runCli(argv);
}

dropOutputOnceReaderLeaves();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportError(err);
  },
);

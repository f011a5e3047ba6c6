// The masking log writer's own program (dist/tools/service-log.js), one per running process
// service: it loads only what masking needs, not the CLI (command table, options, error
// reporting). Measured with `npm run bench -- masking-writer`: the CLI entry cost ~5 MB more RSS
// (~1.4 MB proportional) per service than this one; what remains is Node itself.
import { setFlagsFromString } from 'node:v8';
import { run } from './commands/service-log.js';

// No Turbofan: its compiler's memory stays in the process (~4 MB RSS per writer, measured);
// Maglev still masks ~230,000 lines/s, far past any service's output. Set here, not as a
// command-line flag, so a Node without the flag ignores it instead of refusing to start.
setFlagsFromString('--max-opt=2');

run(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`opsdeck service log writer: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);

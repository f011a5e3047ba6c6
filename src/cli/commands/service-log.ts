// `opsdeck __service-log FILE` (hidden): the masking writer a process service's output goes
// through on its way to its log file. Started by the process supervisor.
import { UsageError, EXIT } from '../../domain/errors.js';
import { runLogWriter, takeMaskValues } from '../../adapters/process/masking-log-writer.js';

export async function run(args: string[]): Promise<number> {
  const [file] = args;
  if (!file) throw new UsageError('__service-log needs a log file (it is started by the process supervisor)');
  // Stop signals go to the service's group; this writer ends when the service's output does.
  process.on('SIGHUP', () => undefined);
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  await runLogWriter(file, process.stdin, takeMaskValues());
  return EXIT.ok;
}

// `opsdeck show RUN`: the run's report; for an unfinished run, a summary rebuilt from its journal.
import { writeSafe } from '../safe-write.js';
import { existsSync, readFileSync } from 'node:fs';
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { readRun } from '../../services/runs/run-history.js';
import { runPaths } from '../../adapters/fs/run-store.js';
import { renderSummary } from '../../domain/runbook/report.js';
import { runState } from '../run-list.js';
import { profileRedactor } from '../profile-redactor.js';

const HELP = `Usage: opsdeck show RUN

Prints the markdown report of a finished run, or the journal summary of an unfinished one,
with the run's profile's secrets and credential shapes masked (also in files an older
opsdeck wrote unmasked).`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('show', args, {});
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const [runId] = positionals;
  if (!runId) throw new UsageError('show: which run?', 'see `opsdeck history`');
  const listing = readRun(runId);
  if (!listing) throw new UsageError(`no run ${runId}`, 'see `opsdeck history`');
  const paths = runPaths(runId);
  const { redact } = profileRedactor(values.dir, listing.summary.profile);
  if (listing.live === 'finished' && existsSync(paths.report)) writeSafe(process.stdout, redact(readFileSync(paths.report, 'utf8')));
  else {
    process.stdout.write(`> ${runState(listing)}${listing.live === 'interrupted' ? ` — \`opsdeck resume ${runId}\`` : listing.live !== 'finished' ? ` — \`opsdeck attach ${runId}\`` : ''}\n\n`);
    writeSafe(process.stdout, redact(renderSummary(listing.summary)));
  }
  if (listing.damage) writeSafe(process.stderr, `note: ${listing.damage}\n`);
  return EXIT.ok;
}

// `opsdeck history [--json]`: past and current runs, newest last.
import { EXIT } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { JSON_OPTION, jsonDocument } from '../json-output.js';
import { listRuns } from '../../services/runs/run-history.js';
import { runJson, runListLines } from '../run-list.js';

const HELP = `Usage: opsdeck history [--json]

Lists runs (oldest first): id, runbook, environment, outcome, start, duration, who.
--json prints {version: 1, runs: [{id, runbook, profile, environment, outcome, dryRun, startedAt,
durationMs, who, changeRef}]};
outcome is succeeded | failed | stopped | aborted | running | waiting | interrupted.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('history', args, JSON_OPTION);
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const runs = listRuns();
  if (values.json) process.stdout.write(jsonDocument({ runs: runs.map(runJson) }));
  else if (runs.length === 0) process.stdout.write('no runs yet\n');
  else process.stdout.write(runListLines(runs).join('\n') + '\n');
  return EXIT.ok;
}

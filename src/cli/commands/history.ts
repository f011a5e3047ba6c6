// `opsdeck history [--json]`: past and current runs, newest last. A damaged journal is named
// (path:line) and the rest are still listed.
import { EXIT } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { JSON_OPTION, jsonDocument } from '../json-output.js';
import { listRunsWithProblems } from '../../services/runs/run-history.js';
import { runJson, runListLines } from '../run-list.js';
import { writeSafe } from '../safe-write.js';
import { profileRedactor } from '../profile-redactor.js';

const HELP = `Usage: opsdeck history [--json]

Lists runs (oldest first): id, runbook, environment, outcome, start, duration, who.
A damaged journal is named on stderr (path:line, what was skipped); the other runs are listed.
--json prints {version: 1, runs: [{id, runbook, profile, environment, outcome, dryRun, startedAt,
durationMs, who, changeRef}], problems: [{runId, path, line, message}]};
outcome is succeeded | failed | stopped | aborted | running | waiting | interrupted.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('history', args, JSON_OPTION);
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const { runs, problems } = listRunsWithProblems();
  if (values.json) {
    // A change reference is typed by an operator and stored as given (an older opsdeck did not
    // mask it): masked on read. The profile is loaded only when there is one to mask.
    const redactor = runs.some((r) => r.summary.changeRef) ? profileRedactor(values.dir, values.profile) : undefined;
    const rows = runs.map((r) => ({ ...runJson(r), changeRef: r.summary.changeRef && redactor ? redactor.redact(r.summary.changeRef) : null }));
    process.stdout.write(jsonDocument({ runs: rows, problems: problems.map(({ unsafe: _unsafe, ...p }) => p) }));
    return EXIT.ok;
  }
  for (const p of problems) writeSafe(process.stderr, p.unsafe ? `opsdeck: run ${p.runId} not read: ${p.message}\n` : `opsdeck: damaged journal ${p.path}:${p.line}: ${p.message}\n`);
  if (runs.length === 0) process.stdout.write(problems.length ? 'no readable runs\n' : 'no runs yet\n');
  else writeSafe(process.stdout, runListLines(runs).join('\n') + '\n');
  return EXIT.ok;
}

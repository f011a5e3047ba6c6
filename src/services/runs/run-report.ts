// Writes <runDir>/report.md from the run's journal (the report can always be rebuilt from it).
import { runPaths } from '../../adapters/fs/run-store.js';
import { writeStateFile } from '../../adapters/fs/state-dir.js';
import { readRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { renderReport } from '../../domain/runbook/report.js';
import type { Redactor } from '../../domain/text/redaction.js';

export function writeReport(runId: string, env: NodeJS.ProcessEnv = process.env, redactor?: Redactor): string {
  const paths = runPaths(runId, env);
  writeStateFile(paths.report, renderReport(readRunJournal(runId, env).records, redactor));
  return paths.report;
}

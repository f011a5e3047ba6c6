// `opsdeck validate [FILES]`: every problem in every file as file:line:col: message.
import { writeSafe } from '../safe-write.js';
import { basename, dirname, resolve } from 'node:path';
import { EXIT, formatProblem, type ConfigProblem } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { JSON_OPTION, jsonDocument } from '../json-output.js';
import { profileFiles, runbookFiles } from '../../adapters/fs/ops-dir.js';
import { headlessOpsDir } from '../headless-ops-dir.js';
import { displayPath, loadProfileFile } from '../../adapters/fs/profile-loader.js';
import { fileValidators } from '../../adapters/fs/file-validators.js';

const HELP = `Usage: opsdeck validate [FILES] [--dir DIR] [--json]

Checks profiles and runbooks (all of them in DIR when no files are given) and prints every
problem as file:line:col: message. Exit 0 when all are valid, 1 otherwise.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', args, JSON_OPTION);
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  // Files named on the command line need no ops repo.
  const files = positionals.length ? positionals.map((f) => resolve(f)) : ((ops) => [...profileFiles(ops.root), ...runbookFiles(ops.root)])(headlessOpsDir(values));
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  for (const file of files) {
    const r = validateOne(file);
    problems.push(...r.problems);
    warnings.push(...(r.warnings ?? []));
  }
  if (values.json) {
    process.stdout.write(jsonDocument({ files: files.map((f) => displayPath(f)), valid: problems.length === 0, problems, warnings }));
  } else {
    for (const p of [...problems, ...warnings]) writeSafe(process.stdout, formatProblem(p) + '\n');
    const summary = problems.length === 0 ? `${files.length} file(s) valid` : `${problems.length} problem(s) in ${new Set(problems.map((p) => p.file)).size} of ${files.length} file(s)`;
    process.stderr.write(summary + '\n');
  }
  return problems.length === 0 ? EXIT.ok : EXIT.failed;
}

function validateOne(file: string): { problems: ConfigProblem[]; warnings?: ConfigProblem[] } {
  const folder = basename(dirname(file));
  const validator = fileValidators.find((v) => v.folder === folder);
  if (validator && folder !== 'profiles') return { problems: validator.validate(file) };
  // Always parsed and validated whole: this is the check, not a start (no kept form is used).
  return loadProfileFile(file, { cache: undefined });
}

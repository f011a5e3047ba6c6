// `opsdeck audit verify`: checks the audit log's hash chain; names every broken line.
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { JSON_OPTION, jsonDocument } from '../json-output.js';
import { AuditLog } from '../../adapters/fs/audit-log.js';

const HELP = `Usage: opsdeck audit verify [--json]

Checks the hash chain of the audit log ($OPSDECK_STATE_DIR/audit.jsonl). Every edited, removed
or reordered entry is reported with its line number. Exit 0 when intact, 1 when broken.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('audit', args, JSON_OPTION);
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const [sub] = positionals;
  if (sub !== 'verify') throw new UsageError(sub ? `audit: unknown subcommand "${sub}"` : 'audit: missing subcommand', 'use `opsdeck audit verify`');
  const log = new AuditLog();
  const { entries, problems } = log.verify();
  if (values.json) {
    process.stdout.write(jsonDocument({ file: log.file, entries, ok: problems.length === 0, problems }));
  } else {
    for (const p of problems) process.stdout.write(`${log.file}:${p.line}: ${p.message}\n`);
    process.stdout.write(problems.length === 0 ? `audit log intact: ${entries} entries (${log.file})\n` : `audit log BROKEN: ${problems.length} problem(s) in ${entries} entries\n`);
  }
  return problems.length === 0 ? EXIT.ok : EXIT.failed;
}

// `opsdeck audit verify`: checks the audit log's chain, its host-key MACs, and its head against
// the head file and every run journal's seal; names every problem and says what it covers.
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { AuditLog, type SealedHead } from '../../adapters/fs/audit-log.js';
import { listRunIds } from '../../adapters/fs/run-store.js';
import { readRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { JSON_OPTION, jsonDocument } from '../json-output.js';

export const AUDIT_COVERAGE = [
  'every entry: content (sha256 hash), order and removal (each entry carries the previous hash)',
  "forgery: each entry and the head carry an HMAC with this host's key (audit.key, 0600): an entry or a whole chain recomputed without the key fails",
  'truncation, emptying, deletion: the head (count and hash) is sealed in audit.head and in every run journal and report; the log must still hold each sealed entry',
];
export const AUDIT_NOT_COVERED = [
  'someone holding the key (this user, root) rewriting the log, audit.head and the journals together: forward entries off the host (OPSDECK_AUDIT_SYSLOG) for that',
  'entries after the newest seal, when audit.head is also rolled back to an older copy',
  'deleting the whole state dir',
];

const HELP = `Usage: opsdeck audit verify [--json]

Checks the audit log ($OPSDECK_STATE_DIR/audit.jsonl). Covers:
${AUDIT_COVERAGE.map((c) => `  - ${c}`).join('\n')}
Does not cover:
${AUDIT_NOT_COVERED.map((c) => `  - ${c}`).join('\n')}
Exit 0 when intact, 1 when broken.`;

/** Heads sealed in run journals (one per finished run segment). */
export function journalSeals(env: NodeJS.ProcessEnv = process.env): SealedHead[] {
  const seals: SealedHead[] = [];
  for (const runId of listRunIds(env)) {
    for (const e of readRunJournal(runId, env).records) if (e.type === 'audit-head') seals.push({ where: `run ${runId}'s journal`, head: { seq: e.seq, hash: e.hash } });
  }
  return seals;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('audit', args, JSON_OPTION);
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const [sub] = positionals;
  if (sub !== 'verify') throw new UsageError(sub ? `audit: unknown subcommand "${sub}"` : 'audit: missing subcommand', 'use `opsdeck audit verify`');
  const log = new AuditLog();
  const seals = journalSeals();
  const v = log.verify(seals);
  const ok = v.problems.length === 0;
  if (values.json) {
    process.stdout.write(jsonDocument({ file: log.file, entries: v.entries, ok, keyed: v.keyed, head: v.head, sealsChecked: v.sealsChecked, covers: AUDIT_COVERAGE, notCovered: AUDIT_NOT_COVERED, problems: v.problems }));
  } else {
    for (const p of v.problems) process.stdout.write(terminalSafe(p.line ? `${log.file}:${p.line}: ${p.message}` : `${log.file}: ${p.message}`) + '\n');
    process.stdout.write(
      ok
        ? `audit log intact: ${v.entries} entries, ${v.sealsChecked} seal(s) checked (head file and run journals)${v.keyed ? ', MACs checked with the host key' : ''} (${log.file})\n`
        : `audit log BROKEN: ${v.problems.length} problem(s) in ${v.entries} entries\n`,
    );
    process.stdout.write(`checked: ${AUDIT_COVERAGE.join('; ')}\nnot covered: ${AUDIT_NOT_COVERED.join('; ')}\n`);
  }
  return ok ? EXIT.ok : EXIT.failed;
}

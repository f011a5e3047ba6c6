// The run report: markdown rendered from the journal alone, so a report can always be rebuilt.
// Inputs in the journal are already masked; the redactor given here masks anything that slipped.
import type { RunEvent } from './run-events.js';
import { summarizeRun, type RunSummary, type StepRecord } from './run-summary.js';
import type { Redactor } from '../text/redaction.js';
import { terminalSafe } from '../text/terminal-text.js';
import { formatDuration as formatMs } from '../duration.js';

const TAIL_LINES = 20;

export function renderReport(events: readonly RunEvent[], redactor?: Redactor): string {
  const s = summarizeRun(events);
  if (!s) return '# Run report\n\nThe journal has no run-started event: nothing to report.\n';
  const text = renderSummary(s);
  // Operators cat report.md: step output and inputs show their controls (^[), never send them.
  // Masked first, so a secret is matched as it was written.
  return terminalSafe(redactor ? redactor.redact(text) : text, { mode: 'multiline', tabWidth: false });
}

export function renderSummary(s: RunSummary): string {
  const out: string[] = [];
  out.push(`# ${s.title} — ${s.status}${s.dryRun ? ' (dry run)' : ''}`, '');
  out.push('| | |', '|---|---|');
  const row = (k: string, v: string | undefined) => v !== undefined && v !== '' && out.push(`| ${k} | ${cell(v)} |`);
  row('Run', s.runId);
  row('Runbook', s.runbook);
  row('Who', `${s.user}@${s.host}${s.sudoUser ? ` (sudo from ${s.sudoUser})` : ''}${s.sshClient ? `, SSH from ${s.sshClient}` : ''}`);
  row('Where', `profile ${s.profile}, environment ${s.environment}${s.protected ? ' (protected)' : ''}`);
  row('Started', iso(s.startedAt));
  row('Finished', s.finishedAt ? iso(s.finishedAt) : 'not finished');
  row('Duration', s.durationMs !== undefined ? formatMs(s.durationMs) : undefined);
  row('Change reference', s.changeRef ?? (s.protected ? 'MISSING' : 'none'));
  row('Outcome', `${s.status}${s.rolledBack ? ', rolled back' : ''}${s.message ? ` — ${s.message}` : ''}`);
  if (s.auditHead) row('Audit log', `entry ${s.auditHead.seq}, hash ${s.auditHead.hash} (checked by \`opsdeck audit verify\`)`);
  if (s.resumes) row('Resumed', `${s.resumes} time(s) after the runner stopped`);
  out.push('', '## Inputs', '');
  const inputs = Object.entries(s.inputs);
  if (inputs.length === 0) out.push('none');
  for (const [k, v] of inputs) out.push(...codeItem(`- ${codeSpan(k)} =`, v));
  out.push('', '## Steps', '');
  s.steps.forEach((st, i) => out.push(...renderStep(st, i + 1), ''));
  if (s.notes.length) out.push('## Notes', '', ...s.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

function renderStep(st: StepRecord, n: number): string[] {
  const state = st.interrupted ? 'INTERRUPTED' : st.skipped ? `skipped (${st.skipped})` : (st.outcome ?? 'not run');
  const out = [`### ${n}. ${st.title} (\`${st.id}\`) — ${state}`, ''];
  out.push(...codeItem('- Command:', st.command));
  const conf = st.confirmation ? `${st.confirmation.choice}${st.confirmation.via ? ` via ${st.confirmation.via}` : ''}${st.confirmation.by ? ` by ${st.confirmation.by}` : ''}` : st.confirm === 'none' ? 'not needed' : 'not given';
  out.push(`- Confirmation: ${st.confirm === 'none' ? '' : `${st.confirm} — `}${conf}`);
  if (st.exitCode !== undefined) out.push(`- Exit code: ${st.exitCode}`);
  if (st.durationMs !== undefined) out.push(`- Duration: ${formatMs(st.durationMs)}${st.attempts > 1 ? ` (${st.attempts} attempts)` : ''}`);
  if (st.error) out.push(`- Error: ${st.error}`);
  if (st.healthBefore) out.push(`- Health before: ${health(st.healthBefore)}`);
  if (st.healthAfter) out.push(`- Health after: ${health(st.healthAfter)}`);
  if (st.rollback) out.push(`- Rollback: ${st.rollback.outcome}${st.rollback.exitCode !== undefined ? ` (exit ${st.rollback.exitCode})` : ''}, ${formatMs(st.rollback.durationMs)}`);
  const tail = st.tail.slice(-TAIL_LINES);
  if (tail.length) {
    const fence = fenceFor(tail.join('\n'), 3);
    out.push('', fence, ...tail, fence);
  }
  return out;
}

/**
 * The report records text exactly as it ran (a command copied from it must be the same command):
 * no character is changed; the code span's or block's fence is longer than any run of backticks
 * in the text, so none of them can end it.
 */
function fenceFor(text: string, min: number): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(min, longest + 1));
}

/** An inline code span; padded with a space where the text starts or ends with a backtick or a space (CommonMark strips one). */
function codeSpan(text: string): string {
  const fence = fenceFor(text, 1);
  const pad = /^[` ]|[` ]$/.test(text) && text.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** `label` and the text as code: inline on one line; a fenced block (indented under the item) when it has several. */
function codeItem(label: string, text: string): string[] {
  if (!text.includes('\n')) return [`${label} ${codeSpan(text)}`];
  const fence = fenceFor(text, 3);
  return [label, '', ...[fence, ...text.split('\n'), fence].map((l) => (l ? `  ${l}` : l))];
}

const health = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
const cell = (v: string) => v.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const iso = (ms: number) => new Date(ms).toISOString();

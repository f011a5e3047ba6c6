// Plain-text rendering of a plan and of run events, for the headless `run` command and logs.
// Pure: the same lines could feed any writer.
import { formatDuration } from '../duration.js';
import { MASK } from '../text/redaction.js';
import { terminalSafe } from '../text/terminal-text.js';
import type { Plan } from './plan.js';
import type { RunEvent } from './run-events.js';
import { dryRunTag } from './dry-run.js';

const LEVEL: Record<string, string> = { none: 'no confirmation', confirm: 'confirm y/N', typed: 'typed confirmation' };

export function planLines(p: Plan, mask: (s: string) => string = (s) => s): string[] {
  const rb = p.runbook;
  const env = p.environment;
  // Names, titles and values are one-line fields: a line break in one is shown (^J), never a new line.
  const one = (t: string): string => terminalSafe(t);
  const out = [`Runbook ${one(rb.name)}: ${one(rb.title)}`, `Environment ${one(env.name)}${env.protected ? ' (PROTECTED: typed confirmations)' : ''}${p.dryRun ? ' — DRY RUN: nothing will be changed; each step says whether it is simulated' : ''}`];
  const inputs = Object.entries(p.inputs);
  if (inputs.length) out.push(`Inputs: ${inputs.map(([k, v]) => `${one(k)}=${p.secretInputs.includes(k) ? MASK : one(JSON.stringify(mask(v)))}`).join(', ')}`);
  out.push(`On failure: ${rb.onFailure === 'rollback' ? 'roll back completed steps (newest first)' : 'stop'}`, 'Plan:');
  const width = String(p.steps.length).length;
  for (const s of p.steps) {
    const n = String(s.index + 1).padStart(width);
    const tags = [p.dryRun && !s.skipped ? dryRunTag(s.step.action.kind) : '', LEVEL[s.confirm], s.skipped ? `skipped here: only in ${s.step.when?.join(', ')}` : '', s.step.timeoutMs ? `timeout ${formatDuration(s.step.timeoutMs)}` : '', s.step.retries ? `retries ${s.step.retries}` : '', s.step.continueOnError ? 'continue on error' : '', s.estimateMs !== undefined ? `~${formatDuration(s.estimateMs)}` : '']
      .filter(Boolean)
      .join(', ');
    out.push(`  ${n}. ${one(s.step.id)}: ${one(s.step.title)}  [${one(tags)}]`);
    out.push(`  ${' '.repeat(width)}  $ ${mask(s.command)}`);
    if (s.rollbackCommand) out.push(`  ${' '.repeat(width)}  rollback: ${mask(s.rollbackCommand)}`);
  }
  return out;
}

/** One line (or none) per event; output lines are indented under their step. */
export function eventLine(e: RunEvent, stepCount: number, indexOf: (id: string) => number): string | undefined {
  const pos = (id: string): string => `[${indexOf(id) + 1}/${stepCount}]`;
  switch (e.type) {
    case 'run-started':
      return `Run ${e.runId} started by ${e.user}@${e.host}${e.changeRef ? ` (change ${e.changeRef})` : ''}${e.dryRun ? ' — dry run' : ''}`;
    case 'step-started':
      return e.phase === 'rollback' ? `↶ rollback of ${e.stepId}: ${firstLine(e.command)}` : `▶ ${pos(e.stepId)} ${e.stepId}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}: ${firstLine(e.command)}`;
    case 'step-output':
      return `    │ ${e.line}`;
    case 'step-finished': {
      const what = e.phase === 'rollback' ? `rollback of ${e.stepId}` : `${pos(e.stepId)} ${e.stepId}`;
      if (e.outcome === 'dry-run') return `• ${what}: ${e.tail.map(firstLine).join('; ') || 'NOT simulated'}`;
      const mark = e.outcome === 'succeeded' || e.outcome === 'marked-done' ? '✓' : '✗';
      const detail = e.outcome === 'succeeded' ? '' : ` — ${e.error ?? e.outcome}`;
      return `${mark} ${what} ${e.outcome} in ${formatDuration(e.durationMs)}${detail}${e.captured ? ` (captured ${e.captured.name})` : ''}`;
    }
    case 'step-skipped':
      return `- ${pos(e.stepId)} ${e.stepId} skipped (${e.reason}${e.detail ? `: ${e.detail}` : ''})`;
    case 'confirmation-answered':
      return e.purpose === 'abort' ? `! abort: ${e.choice}` : `  ${e.purpose} ${e.stepId ?? ''}: ${e.choice}${e.via ? ` (${e.via})` : ''}`;
    case 'confirmation-withdrawn':
      return `! ${e.purpose === 'abort' ? 'abort question' : `${e.purpose} question`} withdrawn: ${e.reason}`;
    case 'failure-decision':
      return `! step ${e.stepId} ${e.declined ? 'declined' : 'failed'}: ${e.choice}${e.via ? ` (${e.via})` : ''}`;
    case 'rollback-started':
      return e.steps.length ? `↶ rolling back ${e.steps.join(', ')} (newest first): ${e.reason}` : `↶ nothing to roll back: ${e.reason}`;
    case 'guard-regression':
      return `! guarded services regressed: ${Object.entries(e.services).map(([k, v]) => `${k} ${v}`).join(', ')}`;
    case 'note':
      return `  note: ${e.message}`;
    case 'run-finished':
      return `Run ${e.outcome}${e.rolledBack ? ' (rolled back)' : ''} in ${formatDuration(e.durationMs)}${e.message ? `: ${e.message}` : ''}`;
    default:
      return undefined;
  }
}

/** Long scripts are shown whole in the plan; progress lines show their first line. */
function firstLine(text: string): string {
  const lines = text.split('\n');
  return lines.length > 1 ? `${lines[0]} … (${lines.length} lines)` : text;
}

// Pure text for the runbook screens: confirmation levels, step marks, estimates, last-run cells.
import { formatDuration } from '../../domain/duration.js';
import type { ConfirmLevel } from '../../domain/runbook/run-events.js';
import type { ViewStepStatus } from '../../domain/runbook/run-view.js';
import type { RunStatus } from '../../domain/runbook/run-summary.js';
import { formatAge } from './format.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';

/** What the operator will be asked before the step: nothing, y/N, or the typed environment name. */
export function confirmLabel(level: ConfirmLevel): string {
  return level === 'none' ? 'none' : level === 'confirm' ? 'y/N' : 'typed';
}

export function estimateText(ms: number | undefined): string {
  return ms === undefined ? 'no history' : `~${formatDuration(ms)}`;
}

export function stepMark(status: ViewStepStatus, ascii: boolean): string {
  const u: Record<ViewStepStatus, string> = { pending: '·', running: '▶', skipped: '↷', interrupted: '!', succeeded: '✔', failed: '✖', 'timed-out': '⧗', aborted: '✖', 'dry-run': '○', 'marked-done': '✔' };
  const a: Record<ViewStepStatus, string> = { pending: '.', running: '>', skipped: '~', interrupted: '!', succeeded: '+', failed: 'x', 'timed-out': 'T', aborted: 'x', 'dry-run': 'o', 'marked-done': '+' };
  return (ascii ? a : u)[status];
}

export function statusTone(status: ViewStepStatus | RunStatus): 'ok' | 'bad' | 'warn' | 'plain' {
  if (status === 'succeeded' || status === 'marked-done') return 'ok';
  if (status === 'failed' || status === 'aborted' || status === 'timed-out' || status === 'interrupted') return 'bad';
  if (status === 'stopped' || status === 'unfinished' || status === 'running') return 'warn';
  return 'plain';
}

/** A runbook's title in a list: marked when only its dry run may start (read-only mode; plan.ts dryRunOnlyReason). */
export function runbookTitle(title: string, dryRunOnly: boolean): string {
  return dryRunOnly ? `[dry run only] ${title}` : title;
}

/** "succeeded 12s, 3m ago" or "never run". */
export function lastRunText(last: { status: RunStatus; durationMs?: number; startedAt: number } | undefined, now: number): string {
  if (!last) return 'never run';
  return `${last.status}${last.durationMs !== undefined ? ` ${formatDuration(last.durationMs)}` : ''}, ${formatAge(last.startedAt, now)} ago`;
}

/** "12s / ~30s" while a step runs; the estimate part is omitted without history. */
export function elapsedText(elapsedMs: number, estimateMs: number | undefined): string {
  return `${formatDuration(elapsedMs)}${estimateMs === undefined ? ' (no history)' : ` / ~${formatDuration(estimateMs)}`}${estimateMs !== undefined && elapsedMs > estimateMs * 2 ? ' (longer than usual)' : ''}`;
}

/** Masks a secret input while it is typed: one dot per character. */
export function maskValue(value: string, ascii: boolean): string {
  return (ascii ? '*' : '•').repeat([...value].length);
}

/** A multi-line command (a `shell:` script) on one screen line: newlines shown as ⏎ (ASCII: |), other controls visibly (^[). */
export function oneLine(text: string, ascii = false): string {
  return terminalSafe(text.replace(/\s*\r?\n\s*/g, ascii ? ' | ' : ' ⏎ '));
}

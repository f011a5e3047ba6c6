// One line of plain text per journal event, for `attach`, headless `run` and `show` of an
// unfinished run. Output lines keep their step id as a prefix so interleaving stays readable.
import type { RunEvent } from './run-events.js';
import { formatDuration } from '../duration.js';

export function eventLine(e: RunEvent): string | undefined {
  switch (e.type) {
    case 'run-started':
      return `== run ${e.runId}: ${e.title} on ${e.profile}/${e.environment}${e.protected ? ' (PROTECTED)' : ''}${e.dryRun ? ' — DRY RUN, nothing will change' : ''} by ${e.user}@${e.host}${e.changeRef ? `, change ${e.changeRef}` : ''}`;
    case 'step-started':
      return `-> ${e.phase === 'rollback' ? 'rollback of ' : ''}${e.stepId}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}: ${e.command}`;
    case 'step-output':
      return `   ${e.stepId} | ${e.line}`;
    case 'step-finished':
      return `<- ${e.phase === 'rollback' ? 'rollback of ' : ''}${e.stepId} ${e.outcome}${e.exitCode !== undefined ? ` (exit ${e.exitCode})` : ''} in ${formatDuration(e.durationMs)}${e.error && e.outcome !== 'succeeded' ? `: ${e.error}` : ''}`;
    case 'step-skipped':
      return `-- ${e.stepId} skipped (${e.reason}${e.detail ? `: ${e.detail}` : ''})`;
    case 'confirmation-requested':
      return `?? ${e.prompt}${e.command ? `  [${e.command}]` : ''}`;
    case 'confirmation-answered':
      return `!! ${e.stepId ?? e.purpose}: ${e.choice}${e.via ? ` (${e.via}${e.by ? ` by ${e.by}` : ''})` : ''}`;
    case 'failure-decision':
      return `!! after ${e.stepId} failed: ${e.choice}${e.via ? ` (${e.via})` : ''}`;
    case 'rollback-started':
      return `== rolling back ${e.steps.join(', ') || 'nothing'} (${e.reason})`;
    case 'health-snapshot':
      return `   health ${e.when} ${e.stepId}: ${Object.entries(e.services).map(([k, v]) => `${k} ${v}`).join(', ')}`;
    case 'guard-regression':
      return `!! guarded service regressed: ${Object.entries(e.services).map(([k, v]) => `${k} ${v}`).join(', ')}`;
    case 'run-resumed':
      return `== resumed by runner pid ${e.pid}${e.interruptedStepId ? `; step ${e.interruptedStepId} was INTERRUPTED` : ''}`;
    case 'note':
      return `   note: ${e.message}`;
    case 'run-finished':
      return `== run ${e.outcome}${e.rolledBack ? ' (rolled back)' : ''} in ${formatDuration(e.durationMs)}${e.message ? `: ${e.message}` : ''}`;
    default:
      return undefined;
  }
}

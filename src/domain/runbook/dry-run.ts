// An honest dry run: each step says whether the dry run really did its work ("simulated") or
// only says what it would have done ("NOT simulated (would run: …)"). Only a health wait can be
// simulated (checking health changes nothing); a command, a service action or a manual step is
// never run in a dry run, and the run says so instead of implying coverage it does not have.
import type { StepKind } from './run-events.js';

/** Whether the dry run does a step of this kind for real. */
export function dryRunSimulates(kind: StepKind): boolean {
  return kind === 'wait_healthy';
}

/** The plan's tag for a step in a dry run. */
export function dryRunTag(kind: StepKind): string {
  return dryRunSimulates(kind) ? 'simulated: health checked now, nothing waited for' : 'NOT simulated';
}

/**
 * The line a dry-run step ends with. `health`: the services' health now, when the dry run could
 * check it (wait_healthy); without it, that step is not simulated either.
 */
export function dryRunLine(kind: StepKind, command: string, health?: Readonly<Record<string, string>>): string {
  if (kind === 'wait_healthy' && health) {
    return `simulated: health now: ${Object.entries(health).map(([k, v]) => `${k} ${v}`).join(', ') || 'no services'} (nothing waited for)`;
  }
  if (kind === 'manual') return `NOT simulated (would ask the operator: ${command.replace(/^manual: /, '')})`;
  return `NOT simulated (would run: ${command})`;
}

// What changed between the runbook an operator reviewed (its plan on screen, or journaled when
// the run started) and the one on disk now. A change refuses the start ("re-plan"); resume never
// reads the file again, it only reports the difference.
import type { Runbook, RunbookStep } from './runbook-model.js';

/** One line per difference, in the order of the steps; empty when what would run is the same. */
export function runbookChanges(reviewed: Runbook, current: Runbook): string[] {
  const out: string[] = [];
  const before = new Map(reviewed.steps.map((s) => [s.id, s]));
  const after = new Map(current.steps.map((s) => [s.id, s]));
  for (const s of reviewed.steps) if (!after.has(s.id)) out.push(`step ${s.id} removed (or renamed)`);
  current.steps.forEach((s, i) => {
    const old = before.get(s.id);
    if (!old) {
      out.push(`step ${s.id} added${i > 0 ? ` after ${current.steps[i - 1]!.id}` : ' first'}: ${stepText(s)}`);
      return;
    }
    for (const field of STEP_FIELDS) {
      const a = canonical(old[field]);
      const b = canonical(s[field]);
      if (a !== b) out.push(`step ${s.id}: ${FIELD_NAMES[field]} ${describe(old[field], field)} → ${describe(s[field], field)}`);
    }
  });
  const order = (rb: Runbook) => rb.steps.map((s) => s.id).filter((id) => before.has(id) && after.has(id)).join(' ');
  if (order(reviewed) !== order(current)) out.push(`steps reordered: ${current.steps.map((s) => s.id).join(', ')}`);
  for (const field of RUNBOOK_FIELDS) {
    if (canonical(reviewed[field]) !== canonical(current[field])) out.push(`${field}: ${canonical(reviewed[field]) ?? 'none'} → ${canonical(current[field]) ?? 'none'}`);
  }
  return out;
}

const STEP_FIELDS = ['action', 'confirm', 'rollback', 'when', 'env', 'cwd', 'timeoutMs', 'retries', 'continueOnError', 'capture'] as const satisfies readonly (keyof RunbookStep)[];
const FIELD_NAMES: Record<(typeof STEP_FIELDS)[number], string> = {
  action: 'command', confirm: 'confirm', rollback: 'rollback', when: 'when', env: 'env', cwd: 'cwd', timeoutMs: 'timeout', retries: 'retries', continueOnError: 'continue_on_error', capture: 'capture',
};
const RUNBOOK_FIELDS = ['inputs', 'preconditions', 'guard', 'onFailure', 'environments'] as const satisfies readonly (keyof Runbook)[];

function stepText(s: RunbookStep): string {
  return actionText(s.action);
}

function actionText(a: RunbookStep['action']): string {
  switch (a.kind) {
    case 'run':
      return JSON.stringify(a.argv);
    case 'shell':
      return `shell ${JSON.stringify(a.script)}`;
    case 'manual':
      return `manual ${JSON.stringify(a.text)}`;
    case 'service':
      return `${a.action} ${a.services.join(', ')}`;
    case 'wait_healthy':
      return `wait_healthy ${a.services.join(', ')}`;
  }
}

function describe(v: unknown, field: string): string {
  if (v === undefined) return 'none';
  if (field === 'action') return actionText(v as RunbookStep['action']);
  if (field === 'rollback') return actionText((v as NonNullable<RunbookStep['rollback']>).action);
  return canonical(v) ?? 'none';
}

/** JSON with sorted keys, so two equal definitions read from different files compare equal. */
function canonical(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );
}

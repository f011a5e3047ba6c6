// Which run events become audit entries: the start, every confirmation given, every step
// that ran (with its command and outcome), failure decisions, resumes and the finish.
import type { AuditLog } from '../../adapters/fs/audit-log.js';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import { refusedText } from '../../domain/policy/action-policy.js';
import type { RunSetup } from './run-setup.js';
import type { RunRequest } from './run-request.js';

/** Same shape as the console's service actions: `asked typed "prod"; answered "prod" via console by ann@h`. */
function confirmationText(e: Extract<RunEvent, { type: 'confirmation-answered' }>): string {
  const who = `${e.via ? ` via ${e.via}` : ''}${e.by ? ` by ${e.by}` : ''}`;
  if (!e.asked) return `${e.choice}${who}`; // journals written before the question was recorded
  return `asked ${e.asked}; answered ${e.answer ?? e.choice}${who}${refusedText(e.refused)}`;
}

export function auditEvent(audit: AuditLog, e: RunEvent, setup: Pick<RunSetup, 'profile' | 'environment'>, runId: string, req: Pick<RunRequest, 'runbook' | 'changeRef' | 'dryRun'>): void {
  const base = { profile: setup.profile.name, environment: setup.environment.name, runbook: req.runbook, runId, change: req.changeRef };
  switch (e.type) {
    case 'run-started':
      return void audit.append({ ...base, action: 'run.start', outcome: 'started', detail: req.dryRun ? 'dry run' : `inputs: ${JSON.stringify(e.inputs)}` });
    case 'confirmation-answered':
      return void audit.append({ ...base, action: `confirm.${e.purpose}`, step: e.stepId, confirmation: confirmationText(e), outcome: e.choice });
    case 'step-started':
      return void audit.append({ ...base, action: e.phase === 'rollback' ? 'rollback.start' : 'step.start', step: e.stepId, command: e.command, outcome: 'started' });
    case 'step-finished':
      return void audit.append({ ...base, action: e.phase === 'rollback' ? 'rollback.finish' : 'step.finish', step: e.stepId, outcome: e.outcome, detail: e.exitCode !== undefined ? `exit ${e.exitCode}` : e.error });
    case 'failure-decision':
      return void audit.append({ ...base, action: 'failure.decision', step: e.stepId, outcome: e.choice, detail: e.via });
    case 'run-resumed':
      return void audit.append({ ...base, action: 'run.resume', step: e.interruptedStepId, outcome: 'resumed' });
    case 'run-finished':
      return void audit.append({ ...base, action: 'run.finish', outcome: e.outcome, detail: e.message });
    default:
      return;
  }
}


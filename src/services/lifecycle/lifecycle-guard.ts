// Service actions a person takes (opsdeck start/stop/restart, the console's s/x/r) are changes
// like a run's steps: each goes into the audit log, in every environment, with who, what and
// the outcome. In a protected environment the action also holds the environment's lock while
// it works, so it never runs beside a runbook run, and no run starts beside it. Runbook steps
// that start or stop services run under their own run's lock and do not come through here.
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../adapters/fs/audit-log.js';
import { acquireLock, lockPath, releaseLock, SERVICE_ACTION_HOLDER } from '../../adapters/fs/env-lock.js';
import { currentOperator } from '../../adapters/system/process-identity.js';
import { errorMessage } from '../../domain/errors.js';
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import { outcomeCounts, type LifecycleAction, type LifecycleResult } from '../../domain/lifecycle/lifecycle-events.js';
import type { Requirement } from '../../domain/policy/action-policy.js';
import type { Confirmer } from '../../ports/confirmer.js';
import { askPolicy, type PolicyAnswer } from '../console/ask-policy.js';

export interface GuardedAction {
  action: LifecycleAction;
  /** Service names, or 'all'. */
  services: readonly string[] | 'all';
  profile: Profile;
  environment: Environment;
  /** How it was confirmed: "--confirm-env prod", "typed prod", … */
  confirmation?: string;
  env?: NodeJS.ProcessEnv;
}

export async function guardLifecycle(g: GuardedAction, act: () => Promise<LifecycleResult>): Promise<LifecycleResult> {
  const env = g.env ?? process.env;
  const { command, facts } = auditFacts(g);
  const audit = new AuditLog({ env });
  const id = `${g.action}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const file = lockPath(g.profile.name, g.environment.name, env);
  // Refuses (LockHeldError, naming the holder) when a run or another action holds it.
  if (g.environment.protected) acquireLock({ file, environment: g.environment.name, user: currentOperator(env).user, runbook: command, runId: id });
  try {
    audit.append({ ...facts, outcome: 'started' });
    const result = await act();
    audit.append({ ...facts, outcome: result.ok ? 'ok' : 'failed', detail: outcomeCounts(result) });
    return result;
  } catch (e) {
    audit.append({ ...facts, outcome: 'failed', detail: errorMessage(e) });
    throw e;
  } finally {
    if (g.environment.protected) releaseLock(file, id);
  }
}

/**
 * Asks what the policy requires for a service action (through the one Confirmer port) and
 * audits an action that is not done: the console's s/x/r and the CLI's start/stop/restart both
 * come through here, so a wrong typed name at either is recorded the same way.
 */
export async function confirmLifecycle(
  g: Omit<GuardedAction, 'confirmation'>,
  requirement: Requirement,
  question: { prompt: string; command?: string },
  confirmer: Confirmer | undefined,
): Promise<PolicyAnswer> {
  const answer = await askPolicy({ requirement, purpose: 'service', environment: g.environment.name, protected: g.environment.protected, prompt: question.prompt, command: question.command }, confirmer);
  if (!answer.ok) auditNotDone({ ...g, confirmation: answer.record }, requirement.kind === 'refused' ? 'refused' : 'declined', answer.reason);
  return answer;
}

/**
 * An action the operator declined (or the policy refused) is audited too, with what was asked
 * and what was answered, as a declined run step is: nothing ran, so no 'started' entry.
 */
function auditNotDone(g: GuardedAction, outcome: 'declined' | 'refused', detail?: string): void {
  new AuditLog({ env: g.env ?? process.env }).append({ ...auditFacts(g).facts, outcome, ...(detail ? { detail } : {}) });
}

function auditFacts(g: GuardedAction) {
  const names = g.services === 'all' ? '--all' : g.services.join(' ');
  // Also the lock holder's "runbook": shown in the header and in refusals.
  const command = `${SERVICE_ACTION_HOLDER}${g.action} ${names} --env ${g.environment.name}`;
  return { command, facts: { action: `service.${g.action}`, profile: g.profile.name, environment: g.environment.name, command, ...(g.confirmation ? { confirmation: g.confirmation } : {}) } };
}

// Builds everything a run needs from a RunRequest: profile, environment, runbook, plan,
// redactor, service actions. Shared by the detached runner (start and resume).
import { resolve } from 'node:path';
import { selectProfile } from '../adapters/fs/profile-loader.js';
import { findRunbook } from '../adapters/fs/runbook-loader.js';
import { pickEnvironment } from '../cli/command-context.js';
import { plan as makePlan, type Plan } from '../domain/runbook/plan.js';
import { resolveInputs } from '../domain/runbook/inputs.js';
import { createRedactor, secretValuesFrom, type Redactor } from '../domain/redaction.js';
import { StepFailedError, UsageError } from '../domain/errors.js';
import type { Profile, Environment } from '../domain/profile/profile-model.js';
import type { ServiceActions } from '../ports/service-actions.js';
import type { RunRequest } from './run-request.js';
import { estimatesFromHistory } from './run-history.js';

export interface RunSetup {
  profile: Profile;
  environment: Environment;
  plan: Plan;
  redactor: Redactor;
  services: ServiceActions;
  baseDir: string;
}

export function setupRun(req: RunRequest, env: NodeJS.ProcessEnv = process.env, services?: ServiceActions): RunSetup {
  const opsDir = resolve(req.opsDir);
  const profile = selectProfile(opsDir, req.profile);
  const environment = pickEnvironment(profile, req.environment);
  const runbook = findRunbook(opsDir, req.runbook, profile);
  const resolved = resolveInputs(runbook, req.inputs);
  if (resolved.problems.length) throw new UsageError(resolved.problems.map((p) => p.message).join('; '));
  const secretInputs = runbook.inputs.filter((i) => i.secret).map((i) => i.name);
  const redactor = createRedactor([...secretValuesFrom(profile.secrets, env), ...secretInputs.map((n) => resolved.values[n])]);
  const plan = makePlan(runbook, environment, resolved.values, { dryRun: req.dryRun, estimates: estimatesFromHistory(runbook.name, env) });
  return { profile, environment, plan, redactor, services: services ?? unavailableServices(), baseDir: profile.baseDir };
}

/** Until the lifecycle module is wired in, service steps fail with a clear message. */
function unavailableServices(): ServiceActions {
  const fail = async (): Promise<never> => {
    throw new StepFailedError('service steps need the lifecycle module, which is not wired into the runner yet');
  };
  return { start: fail, stop: fail, restart: fail, waitHealthy: fail };
}

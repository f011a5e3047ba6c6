// Builds everything a detached runner needs from its RunRequest, through the same prepareRun
// every way of starting a run uses (runbook, environment, inputs with choices_from, redactor,
// plan), plus the service actions and estimates from past runs.
// What runs is what was reviewed: a start whose runbook file changed since its plan was shown
// is refused with what changed; a resume runs the definition frozen at the start, never the file.
import { resolve } from 'node:path';
import { selectProfile } from '../../adapters/fs/profile-loader.js';
import { findRunbook } from '../../adapters/fs/runbook-loader.js';
import { UsageError } from '../../domain/errors.js';
import { pickEnvironment } from '../../domain/profile/pick-environment.js';
import type { Plan } from '../../domain/runbook/plan.js';
import type { Runbook } from '../../domain/runbook/runbook-model.js';
import { runbookChanges } from '../../domain/runbook/runbook-changes.js';
import type { Redactor } from '../../domain/text/redaction.js';
import type { Profile, Environment } from '../../domain/profile/profile-model.js';
import type { RunRequest } from './run-request.js';
import { estimatesFromHistory } from './run-history.js';
import { prepareRun } from './run-preparation.js';
import { createRunbookServices, type RunbookServices } from './runbook-service-actions.js';
import type { ServiceControllers } from '../health/health-monitor.js';

export interface RunSetup {
  profile: Profile;
  environment: Environment;
  plan: Plan;
  redactor: Redactor;
  services: RunbookServices;
  baseDir: string;
}

export interface SetupOptions {
  /** The run already started (its journal has run-started): run the frozen definition. */
  resuming?: boolean;
  /** The definition journaled at the start (for requests written before `reviewed` existed). */
  journaled?: Runbook;
}

export async function setupRun(req: RunRequest, env: NodeJS.ProcessEnv = process.env, controllers: ServiceControllers = {}, o: SetupOptions = {}): Promise<RunSetup> {
  const opsDir = resolve(req.opsDir);
  const profile = selectProfile(opsDir, req.profile);
  const picked = pickEnvironment(profile, req.environment);
  const frozen = req.reviewed?.runbook ?? (o.resuming ? o.journaled : undefined);
  const environment = req.reviewed ? { ...picked, vars: { ...req.reviewed.environmentVars } } : picked;
  if (frozen && !o.resuming) {
    const changes = runbookChanges(frozen, findRunbook(opsDir, req.runbook, profile));
    if (changes.length) throw planChanged(frozen, changes);
  }
  const runbook = frozen ?? req.runbook;
  const { plan, redactor } = await prepareRun({ profile, environment, opsRoot: opsDir, runbook, inputs: req.inputs, dryRun: req.dryRun, estimates: estimatesFromHistory(req.runbook, environment.name, env), env, frozen: o.resuming });
  return { profile, environment, plan, redactor, services: createRunbookServices(profile, environment, { controllers }), baseDir: profile.baseDir };
}

/** Refuses a start: the plan the operator reviewed is not what the file says now. */
export class PlanChangedError extends UsageError {
  constructor(readonly runbook: string, readonly changes: readonly string[]) {
    super(`runbook ${runbook} changed since its plan was reviewed; nothing was run:\n${changes.map((c) => `  - ${c}`).join('\n')}`, 're-plan: review the new plan, then start the run again');
  }
}

export function planChanged(rb: Runbook, changes: readonly string[]): PlanChangedError {
  return new PlanChangedError(rb.name, changes);
}

// Builds everything a detached runner needs from its RunRequest, through the same prepareRun
// every way of starting a run uses (runbook, environment, inputs with choices_from, redactor,
// plan), plus the service actions and estimates from past runs.
import { resolve } from 'node:path';
import { selectProfile } from '../../adapters/fs/profile-loader.js';
import { pickEnvironment } from '../../cli/command-context.js';
import type { Plan } from '../../domain/runbook/plan.js';
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

export async function setupRun(req: RunRequest, env: NodeJS.ProcessEnv = process.env, controllers: ServiceControllers = {}): Promise<RunSetup> {
  const opsDir = resolve(req.opsDir);
  const profile = selectProfile(opsDir, req.profile);
  const environment = pickEnvironment(profile, req.environment);
  const { plan, redactor } = await prepareRun({ profile, environment, opsRoot: opsDir, runbook: req.runbook, inputs: req.inputs, dryRun: req.dryRun, estimates: estimatesFromHistory(req.runbook, env), env });
  return { profile, environment, plan, redactor, services: createRunbookServices(profile, environment, { controllers }), baseDir: profile.baseDir };
}

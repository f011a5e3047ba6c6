// Everything checked before a run starts, shared by every way of starting one (headless run,
// detached runner, TUI): the runbook exists and is valid, it may run in this environment, the
// inputs are valid (choices_from commands run here), the redactor knows every secret, the plan.
import { UsageError } from '../../domain/errors.js';
import { createRedactor, secretValuesFrom, type Redactor } from '../../domain/text/redaction.js';
import { resolveInputs } from '../../domain/runbook/inputs.js';
import { plan as makePlan, type Plan } from '../../domain/runbook/plan.js';
import { runbookEnvironments, type Runbook } from '../../domain/runbook/runbook-model.js';
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import { findRunbook } from '../../adapters/fs/runbook-loader.js';
import { resolveChoices } from './input-choices.js';
import { maintenanceState, windowRule } from '../maintenance/maintenance-desk.js';
import { envCheckLines, runEnvCheck } from '../env/env-check.js';

export interface PrepareRunOptions {
  profile: Profile;
  environment: Environment;
  /** The ops dir holding runbooks/. */
  opsRoot: string;
  runbook: string | Runbook;
  inputs: Readonly<Record<string, string>>;
  dryRun?: boolean;
  estimates?: Readonly<Record<string, number>>;
  env?: NodeJS.ProcessEnv;
  /**
   * Resuming a run: its inputs were checked when it started; the `choices_from` commands are not
   * run again (a backup listed then may be gone now, the run goes on with what was reviewed).
   */
  frozen?: boolean;
}

export interface PreparedRun {
  runbook: Runbook;
  plan: Plan;
  redactor: Redactor;
  /** Lists produced by choices_from, by input name (for forms). */
  choices: Record<string, string[]>;
  /** Said before the plan (a `require_window` runbook outside a window where that is allowed). */
  warnings: string[];
}

/** Throws UsageError (exit 2) naming what is wrong; ConfigError for a broken runbook. */
export async function prepareRun(o: PrepareRunOptions): Promise<PreparedRun> {
  const { profile, environment } = o;
  const rb = typeof o.runbook === 'string' ? findRunbook(o.opsRoot, o.runbook, profile) : o.runbook;
  const allowed = runbookEnvironments(rb, Object.keys(profile.environments));
  if (!allowed.includes(environment.name)) throw new UsageError(`runbook ${rb.name} does not run in environment ${environment.name}; it runs in: ${allowed.join(', ')}`);
  const warnings: string[] = [];
  // Required variables missing (or still under an old name, or an env file refused): refused
  // before any step, with the env check's own words.
  if (!o.frozen && !o.dryRun) {
    const check = runEnvCheck(profile, environment, o.env ?? process.env);
    const blocking = check.problems.filter((p) => p.kind === 'missing' || p.kind === 'env-file' || (p.kind === 'renamed' && environment.requires.includes(p.newName ?? '')));
    if (blocking.length) throw new UsageError(`runbook ${rb.name} cannot run in ${environment.name}: required variables are not in place\n${envCheckLines({ ...check, problems: blocking, notes: [] }).join('\n')}`, `fix them, then check with: opsdeck env check --env ${environment.name}`);
  }
  // A runbook tied to a maintenance window: refused outside one in a protected environment.
  if (rb.requireWindow && !o.frozen) {
    const rule = windowRule(maintenanceState({ profile, env: o.env }, environment.name), environment, rb.name);
    if (rule.refuse && !o.dryRun) throw new UsageError(rule.refuse, 'a dry run (--dry-run) is allowed outside a window');
    if (rule.warn || rule.refuse) warnings.push((rule.warn ?? rule.refuse)!);
  }
  const choices = o.frozen ? {} : await resolveChoices(rb, o.inputs, profile.baseDir, environment.vars);
  const inputs = resolveInputs(rb, o.inputs, choices);
  if (inputs.problems.length) throw new UsageError(inputs.problems.map((p) => p.message).join('\n'), `see the runbook's inputs: opsdeck validate runbooks/${rb.name}.yaml`);
  const secretInputs = rb.inputs.filter((i) => i.secret).map((i) => inputs.values[i.name]);
  const redactor = createRedactor([...secretValuesFrom(profile.secrets, o.env ?? process.env), ...secretInputs]);
  const plan = makePlan(rb, environment, inputs.values, { dryRun: o.dryRun, estimates: o.estimates });
  return { runbook: rb, plan, redactor, choices, warnings };
}

// The plan: what will run, in order, with commands filled in, before anything runs. Also turns
// a step body into the concrete thing to execute once earlier captures are known.
import { expandArgv, expandTemplate, type TemplateScopes } from '../template.js';
import { formatDuration } from '../duration.js';
import type { Environment } from '../profile/profile-model.js';
import type { ConfirmLevel, PlannedStepSummary } from './run-events.js';
import { DEFAULT_WAIT_HEALTHY_MS, type Runbook, type RunbookStep, type ServiceAction, type StepBody } from './runbook-model.js';
import { argvText, quoteScript } from './command-text.js';
import { createRedactor } from '../text/redaction.js';
import { envVarName } from './inputs.js';
import { confirmLevelOf, requirementFor, type PolicyEnvironment, type PolicySession, type Requirement } from '../policy/action-policy.js';

/** What a step body becomes once templates are expanded: ready for the executor. */
export type ConcreteStep =
  | { kind: 'run'; argv: string[]; cwd?: string; env: Record<string, string>; timeoutMs?: number; host?: string }
  | { kind: 'shell'; script: string; cwd?: string; env: Record<string, string>; timeoutMs?: number; host?: string }
  | { kind: 'manual'; text: string }
  | { kind: 'service'; action: ServiceAction; services: string[]; timeoutMs?: number }
  | { kind: 'wait_healthy'; services: string[]; timeoutMs: number };

export interface PlannedStep {
  index: number;
  step: RunbookStep;
  /** Effective level: any confirmation is typed in a protected environment. */
  confirm: ConfirmLevel;
  /** Set when `when` excludes this environment. */
  skipped?: 'when';
  /** Shown in the plan; a var captured by an earlier step shows as <output of step ID>. */
  command: string;
  rollbackCommand?: string;
  estimateMs?: number;
}

export interface Plan {
  runbook: Runbook;
  environment: Environment;
  inputs: Record<string, string>;
  /** Input names whose values are masked in everything shown or journaled. */
  secretInputs: string[];
  dryRun: boolean;
  steps: PlannedStep[];
}

export interface PlanOptions {
  dryRun?: boolean;
  /** Estimated duration per step id, from past runs. */
  estimates?: Readonly<Record<string, number>>;
}

export function plan(rb: Runbook, environment: Environment, inputs: Readonly<Record<string, string>>, options: PlanOptions = {}): Plan {
  // Captured vars are unknown before the run: the plan names where they will come from.
  const placeholders: Record<string, string> = {};
  // The plan is what people read (screen, confirmations, journal): a secret input's value is
  // masked in every command shown; the runner expands the real value only when it executes.
  const secretInputs = rb.inputs.filter((i) => i.secret).map((i) => i.name);
  const hide = createRedactor(secretInputs.map((n) => inputs[n])).redact;
  const steps: PlannedStep[] = rb.steps.map((step, index) => {
    const skipped = step.when && !step.when.includes(environment.name) ? ('when' as const) : undefined;
    const vars = { ...environment.vars, ...placeholders };
    const p: PlannedStep = {
      index,
      step,
      confirm: effectiveConfirm(step, environment),
      skipped,
      command: hide(describeBody(step, inputs, vars)),
      rollbackCommand: step.rollback ? hide(describeBody(step.rollback, inputs, vars)) : undefined,
      estimateMs: options.estimates?.[step.id],
    };
    if (step.capture && !skipped) placeholders[step.capture] = `<output of step ${step.id}>`;
    return p;
  });
  return { runbook: rb, environment, inputs: { ...inputs }, secretInputs, dryRun: !!options.dryRun, steps };
}

/** The step's confirmation in this environment, as the one safety policy decides it. */
export function effectiveConfirm(step: Pick<RunbookStep, 'confirm' | 'action'>, env: Pick<Environment, 'name' | 'protected'>): ConfirmLevel {
  // A manual step always waits for the operator, so it is at least a plain confirmation.
  const own: ConfirmLevel = step.action.kind === 'manual' && step.confirm === 'none' ? 'confirm' : step.confirm;
  return confirmLevelOf(requirementFor({ dangerous: stepChangesThings(step.action.kind), confirm: own }, env));
}

/** Steps that act on something (as opposed to waiting or instructing a person). */
export function stepChangesThings(kind: RunbookStep['action']['kind']): boolean {
  return kind === 'run' || kind === 'shell' || kind === 'service';
}

/** A runbook that can change something (read-only mode hides it; a dry run of it changes nothing). */
export function runbookMutates(rb: Pick<Runbook, 'steps'>): boolean {
  return rb.steps.some((s) => stepChangesThings(s.action.kind) || (s.rollback !== undefined && stepChangesThings(s.rollback.action.kind)));
}

/**
 * What starting a run needs, from the one policy: refused (read-only), and whether a change
 * reference is asked (a protected environment, a runbook that changes things, not a dry run).
 * The CLI, the inputs form and the plan screen all ask this.
 */
export function runStartRequirement(rb: Pick<Runbook, 'steps' | 'name'>, env: PolicyEnvironment, dryRun: boolean, session: PolicySession = {}): Requirement {
  return requirementFor({ dangerous: !dryRun && runbookMutates(rb), startsRun: true, label: `run ${rb.name}` }, env, session);
}

/** Why only a dry run of `rb` may start in this session (read-only, and it changes things); undefined when a real run may. */
export function dryRunOnlyReason(rb: Pick<Runbook, 'steps' | 'name'>, env: PolicyEnvironment, session: PolicySession = {}): string | undefined {
  const r = runStartRequirement(rb, env, false, session);
  return r.kind === 'refused' ? r.reason : undefined;
}

function describeBody(body: StepBody, inputs: Readonly<Record<string, string>>, vars: Readonly<Record<string, string>>): string {
  try {
    return concreteText(concretize(body, inputs, vars));
  } catch (e) {
    return `(cannot expand: ${(e as Error).message})`;
  }
}

/** Expands a body's templates; throws TemplateError when a reference is undefined. */
export function concretize(body: StepBody, inputs: Readonly<Record<string, string>>, vars: Readonly<Record<string, string>>, extraEnv: Readonly<Record<string, string>> = {}): ConcreteStep {
  const scopes: TemplateScopes = { inputs, vars };
  const a = body.action;
  const env = (): Record<string, string> => {
    const out: Record<string, string> = { ...extraEnv };
    // Inputs and vars reach processes only as environment variables; shell scripts are never templated.
    for (const [k, v] of Object.entries(vars)) out[envVarName('OPSDECK_VAR_', k)] = v;
    for (const [k, v] of Object.entries(inputs)) out[envVarName('OPSDECK_INPUT_', k)] = v;
    for (const [k, v] of Object.entries(body.env)) out[k] = expandTemplate(v, scopes);
    return out;
  };
  const cwd = body.cwd === undefined ? undefined : expandTemplate(body.cwd, scopes);
  switch (a.kind) {
    case 'run':
      return { kind: 'run', argv: expandArgv(a.argv, scopes), cwd, env: env(), timeoutMs: body.timeoutMs, ...(body.host ? { host: body.host } : {}) };
    case 'shell':
      return { kind: 'shell', script: a.script, cwd, env: env(), timeoutMs: body.timeoutMs, ...(body.host ? { host: body.host } : {}) };
    case 'manual':
      return { kind: 'manual', text: expandTemplate(a.text, scopes) };
    case 'service':
      return { kind: 'service', action: a.action, services: a.services, timeoutMs: body.timeoutMs };
    case 'wait_healthy':
      return { kind: 'wait_healthy', services: a.services, timeoutMs: body.timeoutMs ?? DEFAULT_WAIT_HEALTHY_MS };
  }
}

/** The one-line text shown for a concrete step (argv quoted so each element reads as one argument). */
export function concreteText(c: ConcreteStep): string {
  switch (c.kind) {
    case 'run':
      return `${c.host ? `on ${c.host}: ` : ''}${argvText(c.argv)}`;
    case 'shell':
      return `${c.host ? `on ${c.host}: ` : ''}/bin/sh -c ${quoteScript(c.script)}`;
    case 'manual':
      return `manual: ${c.text}`;
    case 'service':
      return `${c.action} ${c.services.join(', ')}`;
    case 'wait_healthy':
      return `wait until ${c.services.join(', ')} healthy (timeout ${formatDuration(c.timeoutMs)})`;
  }
}

/** The plan as recorded in the run-started event (mask applied by the caller). */
export function planSummary(p: Plan, mask: (s: string) => string = (s) => s): PlannedStepSummary[] {
  return p.steps.map((s) => ({
    id: s.step.id,
    title: s.step.title,
    kind: s.step.action.kind,
    command: mask(s.command),
    confirm: s.confirm,
    skipped: s.skipped,
    timeoutMs: s.step.timeoutMs,
    retries: s.step.retries,
    hasRollback: !!s.step.rollback,
    rollbackCommand: s.rollbackCommand === undefined ? undefined : mask(s.rollbackCommand),
    estimateMs: s.estimateMs,
  }));
}

// The normalized runbook the engine works with: one `kind` per step, durations in ms.
import { parseDuration } from '../duration.js';
import type { ConfirmLevel, StepKind } from './run-events.js';
import type { RunbookFile, StepBodyFile } from './runbook-schema.js';

export type ServiceAction = 'start' | 'stop' | 'restart';

export type StepAction =
  | { kind: 'run'; argv: string[] }
  | { kind: 'shell'; script: string }
  | { kind: 'manual'; text: string }
  | { kind: 'service'; action: ServiceAction; services: string[] }
  | { kind: 'wait_healthy'; services: string[] };

export interface StepBody {
  title?: string;
  action: StepAction;
  timeoutMs?: number;
  /** A host of the environment the run/shell step runs on (over ssh); none: this machine. */
  host?: string;
  cwd?: string;
  env: Record<string, string>;
}

export interface RunbookStep extends StepBody {
  id: string;
  title: string;
  confirm: ConfirmLevel;
  retries: number;
  continueOnError: boolean;
  rollback?: StepBody;
  when?: string[];
  capture?: string;
}

export interface RunbookInput {
  name: string;
  description?: string;
  pattern?: string;
  choices?: string[];
  choicesFrom?: string[];
  default?: string;
  secret: boolean;
}

export interface LogTrigger {
  service: string;
  /** As written: "/timed out/i" or plain text. */
  match: string;
}

export interface RunbookTriggers {
  unhealthy: string[];
  log: LogTrigger[];
}

export interface Runbook {
  name: string;
  title: string;
  description?: string;
  kind: RunbookFile['kind'];
  environments?: string[];
  inputs: RunbookInput[];
  preconditions: { healthy: string[] }[];
  guard: string[];
  steps: RunbookStep[];
  onFailure: 'rollback' | 'stop';
  /** Services it is about (declared, plus those its triggers name). */
  services: string[];
  triggers: RunbookTriggers;
  requireWindow: boolean;
  /** The file it came from (absolute), for messages. */
  file?: string;
  /** sha256 of the file's text when it was read: journaled with the plan at the start of a run. */
  sourceHash?: string;
}

/** wait_healthy without a timeout waits this long. */
export const DEFAULT_WAIT_HEALTHY_MS = 120_000;

export function stepKindOf(body: StepBodyFile): StepKind[] {
  return (['run', 'shell', 'manual', 'service', 'wait_healthy'] as const).filter((k) => body[k] !== undefined);
}

export function toStepBody(b: StepBodyFile): StepBody {
  return { title: b.title, action: toAction(b), timeoutMs: b.timeout === undefined ? undefined : parseDuration(b.timeout), ...(b.host ? { host: b.host } : {}), cwd: b.cwd, env: b.env ?? {} };
}

function toAction(b: StepBodyFile): StepAction {
  if (b.run) return { kind: 'run', argv: b.run };
  if (b.shell !== undefined) return { kind: 'shell', script: b.shell };
  if (b.manual !== undefined) return { kind: 'manual', text: b.manual };
  if (b.service) {
    const action = (['start', 'stop', 'restart'] as const).find((a) => b.service![a]) ?? 'restart';
    return { kind: 'service', action, services: b.service[action] ?? [] };
  }
  return { kind: 'wait_healthy', services: b.wait_healthy ?? [] };
}

export function toRunbook(f: RunbookFile, file?: string): Runbook {
  return {
    name: f.name,
    title: f.title ?? f.name,
    description: f.description,
    kind: f.kind,
    environments: f.environments,
    inputs: f.inputs.map((i) => ({ name: i.name, description: i.description, pattern: i.pattern, choices: i.choices, choicesFrom: i.choices_from, default: i.default, secret: i.secret })),
    preconditions: f.preconditions,
    guard: f.guard,
    steps: f.steps.map((s) => ({
      ...toStepBody(s),
      id: s.id,
      title: s.title ?? s.id,
      confirm: s.confirm === 'typed' ? 'typed' : s.confirm ? 'confirm' : 'none',
      retries: s.retries,
      continueOnError: s.continue_on_error,
      rollback: s.rollback ? toStepBody(s.rollback) : undefined,
      when: s.when,
      capture: s.capture,
    })),
    onFailure: f.on_failure,
    ...runbookTriggers(f),
    requireWindow: f.require_window,
    file,
  };
}

/** Environments the runbook may run in, given the profile's. */
export function runbookEnvironments(rb: Pick<Runbook, 'environments'>, profileEnvs: readonly string[]): string[] {
  return rb.environments ? rb.environments.filter((e) => profileEnvs.includes(e)) : [...profileEnvs];
}

function runbookTriggers(f: RunbookFile): { services: string[]; triggers: RunbookTriggers } {
  const log = f.triggers?.log === undefined ? [] : Array.isArray(f.triggers.log) ? f.triggers.log : [f.triggers.log];
  const unhealthy = f.triggers?.unhealthy ?? [];
  return { services: [...new Set([...f.services, ...unhealthy, ...log.map((l) => l.service)])], triggers: { unhealthy, log } };
}

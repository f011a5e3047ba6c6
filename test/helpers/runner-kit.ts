// Real runner, real processes; the ports the runner talks to (confirmer, service actions) are
// small recording implementations so tests can script the operator and see the calls.
import { MemoryRunJournal } from '../../src/adapters/memory/memory-run-journal.js';
import { createRedactor } from '../../src/domain/text/redaction.js';
import { plan, type Plan, type PlanOptions } from '../../src/domain/runbook/plan.js';
import type { RunState } from '../../src/domain/runbook/run-state.js';
import type { Profile } from '../../src/domain/profile/profile-model.js';
import type { Runbook } from '../../src/domain/runbook/runbook-model.js';
import type { ConfirmAnswer, ConfirmRequest, Confirmer } from '../../src/ports/confirmer.js';
import type { ServiceActions } from '../../src/ports/service-actions.js';
import { RunbookRunner, type RunnerDeps } from '../../src/services/runs/runbook-runner.js';

export class ScriptedConfirmer implements Confirmer {
  readonly asked: ConfirmRequest[] = [];
  constructor(private readonly answer: (r: ConfirmRequest) => ConfirmAnswer | Promise<ConfirmAnswer> = () => ({ choice: 'yes' })) {}
  async ask(r: ConfirmRequest): Promise<ConfirmAnswer> {
    this.asked.push(r);
    return this.answer(r);
  }
}

export class RecordingServices implements ServiceActions {
  readonly calls: string[] = [];
  failWait = false;
  async start(n: readonly string[]): Promise<void> { this.calls.push(`start ${n.join(',')}`); }
  async stop(n: readonly string[]): Promise<void> { this.calls.push(`stop ${n.join(',')}`); }
  async restart(n: readonly string[]): Promise<void> { this.calls.push(`restart ${n.join(',')}`); }
  async waitHealthy(n: readonly string[], timeoutMs: number): Promise<void> {
    this.calls.push(`wait ${n.join(',')} ${timeoutMs}`);
    if (this.failWait) throw new Error(`${n.join(', ')} not healthy`);
  }
}

export function makeRunner(rb: Runbook, profile: Profile, env: string, inputs: Record<string, string>, o: { confirmer?: Confirmer; services?: ServiceActions; plan?: PlanOptions; deps?: Partial<RunnerDeps>; resumeFrom?: (plan: Plan) => RunState } = {}) {
  const journal = new MemoryRunJournal(`test-${Math.random().toString(16).slice(2, 8)}`);
  const confirmer = o.confirmer ?? new ScriptedConfirmer();
  const services = o.services ?? new RecordingServices();
  const planned = plan(rb, profile.environments[env]!, inputs, o.plan);
  const runner = new RunbookRunner(planned, {
    journal, confirmer, services, redactor: createRedactor(['s3cr3t-value']), baseDir: profile.baseDir,
    meta: { profile: profile.name, user: 'test', host: 'localhost', pid: process.pid }, graceMs: 500, retryDelayMs: 10, ...o.deps,
  }, o.resumeFrom?.(planned));
  return { runner, journal, confirmer, services };
}

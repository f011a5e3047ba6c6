// What a run writes is masked twice over: the profile's secrets and credential shapes (the
// redactor), and the values of the run's own `secret: true` inputs. The run-started event is
// the first thing written, so it is built here, masked whole.
import { MASK, type Redactor } from '../../domain/text/redaction.js';
import { planSummary, type Plan } from '../../domain/runbook/plan.js';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import type { RunMeta } from './runner-deps.js';

export type Mask = (text: string) => string;

/** Secret inputs shorter than this are not masked by value (they would mask ordinary words). */
const MIN_INPUT_SECRET = 4;

export function runMask(plan: Plan, redactor: Redactor): Mask {
  const inputs = plan.secretInputs.map((name) => plan.inputs[name]).filter((v): v is string => !!v && v.length >= MIN_INPUT_SECRET);
  return (s) => {
    let out = redactor.redact(s);
    for (const v of inputs) out = out.split(v).join(MASK);
    return out;
  };
}

/** The run's first journal event: who, where, what, with inputs and the runbook's definition masked. */
export function runStartedEvent(plan: Plan, meta: RunMeta, runId: string, at: number, mask: Mask): RunEvent {
  const inputs = Object.fromEntries(Object.entries(plan.inputs).map(([k, v]) => [k, plan.secretInputs.includes(k) ? MASK : mask(v)]));
  return {
    type: 'run-started', at, runId, runbook: plan.runbook.name, title: plan.runbook.title, kind: plan.runbook.kind,
    profile: meta.profile, environment: plan.environment.name, protected: plan.environment.protected, dryRun: plan.dryRun,
    changeRef: meta.changeRef, inputs, onFailure: plan.runbook.onFailure, plan: planSummary(plan, mask),
    runbookHash: plan.runbook.sourceHash, definition: maskStrings(plan.runbook, mask),
    user: meta.user, host: meta.host, pid: meta.pid, sudoUser: meta.sudoUser, sshClient: meta.sshClient,
  };
}

/** A copy with every string masked (the definition journaled at the start). */
function maskStrings<T>(value: T, mask: Mask): T {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' ? mask(v) : v)) as T;
}

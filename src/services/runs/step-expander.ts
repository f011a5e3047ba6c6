// A step body made concrete for this run: inputs, vars and captures expanded, the step's
// environment (OPSDECK_*), refused when unsafe, and its cwd resolved against the ops dir.
import { isAbsolute, resolve } from 'node:path';
import { MASK } from '../../domain/text/redaction.js';
import { errorMessage } from '../../domain/errors.js';
import { concretize, concreteText, type ConcreteStep, type Plan } from '../../domain/runbook/plan.js';
import { envVarName } from '../../domain/runbook/inputs.js';
import { argvCodeProblems } from '../../domain/runbook/argv-safety.js';
import { varsFor, type RunState } from '../../domain/runbook/run-state.js';
import type { StepBody } from '../../domain/runbook/runbook-model.js';
import type { Mask } from './run-masking.js';

export interface StepExpanderOptions {
  plan: Plan;
  runId: string;
  profile: string;
  /** The ops dir: relative cwds resolve against it; also the default cwd. */
  baseDir: string;
  stepEnv?: Readonly<Record<string, string>>;
  mask: Mask;
  /** The run's state now (its captures, as journaled: masked). */
  state: () => RunState;
  /** Real captured values of this runner (the journal holds masked ones). */
  captured: Readonly<Record<string, string>>;
}

export class StepExpander {
  constructor(private readonly o: StepExpanderOptions) {}

  /** The body expanded; throws when it is unsafe or needs a capture that is gone. */
  concrete(body: StepBody): ConcreteStep {
    // Validation rejects these; the runner refuses them again (a runbook that skipped validate).
    const captures = new Set(this.o.plan.runbook.steps.flatMap((s) => (s.capture ? [s.capture] : [])));
    const unsafe = body.action.kind === 'run' ? argvCodeProblems(body.action.argv, captures) : [];
    if (unsafe.length) throw new Error(`refused: ${unsafe.map((p) => p.message).join('; ')}`);
    // After a runner restart the captures come back from the journal, masked: one that held a
    // secret is gone (it is never written down). A step that needs it fails; it must not run
    // with the mask in the secret's place. "Needs": its expanded text uses it, or its script
    // names its variable; other steps get no OPSDECK_VAR_ for it.
    const { plan, captured } = this.o;
    const state = this.o.state();
    const lost = Object.entries(state.captured).filter(([name, value]) => !(name in captured) && value.includes(MASK)).map(([name]) => name);
    const vars = { ...varsFor(state), ...captured, ...Object.fromEntries(lost.map((name) => [name, lostCapture(name)])) };
    const concrete = concretize(body, plan.inputs, vars, { ...this.o.stepEnv, OPSDECK_ENV: plan.environment.name, OPSDECK_RUN_ID: this.o.runId, OPSDECK_DIR: this.o.baseDir, OPSDECK_PROFILE: this.o.profile });
    if (lost.length === 0) return concrete;
    const env = 'env' in concrete ? concrete.env : {};
    for (const name of lost) if (env[envVarName('OPSDECK_VAR_', name)] === lostCapture(name)) delete env[envVarName('OPSDECK_VAR_', name)];
    const text = JSON.stringify(concrete);
    const needed = lost.filter((name) => text.includes(lostCapture(name)) || (concrete.kind === 'shell' && concrete.script.includes(envVarName('OPSDECK_VAR_', name))));
    if (needed.length) throw new Error(`${needed.map((n) => `capture "${n}"`).join(', ')} held a secret, which is never written down, and the runner that captured it died: it is gone. Stop or roll back, and start a new run to capture it again`);
    return concrete;
  }

  /** The command as shown and journaled (masked), or why it cannot be expanded. */
  describe(body: StepBody): string {
    try {
      return this.o.mask(concreteText(this.concrete(body)));
    } catch (e) {
      return `(cannot expand: ${this.o.mask(errorMessage(e))})`;
    }
  }

  cwd(dir: string | undefined): string {
    if (!dir) return this.o.baseDir;
    return isAbsolute(dir) ? dir : resolve(this.o.baseDir, dir);
  }
}

/** Stands in for a lost capture while a step is expanded, to see whether the step uses it. */
const lostCapture = (name: string): string => `<<opsdeck:lost-capture:${name}>>`;

// The detached runner's confirmer: the resume decision answers "interrupted", the flags
// confirmer (--yes, --confirm-env) answers what it can, and anything left goes to the attached
// operator — or, when the run was started without a terminal, stops the run before the step.
import { OperatorUnavailable, type ConfirmAnswer, type Confirmer, type ConfirmRequest } from '../../ports/confirmer.js';
import type { RunRequest } from './run-request.js';

export class RunnerConfirmer implements Confirmer {
  constructor(
    private readonly flags: Confirmer,
    private readonly resume: RunRequest['resume'],
    /** The attach hub, for interactive runs; undefined: nobody will ever answer. */
    private readonly operator?: Confirmer,
  ) {}

  async ask(r: ConfirmRequest, signal?: AbortSignal): Promise<ConfirmAnswer> {
    if (r.purpose === 'interrupted' && this.resume?.decision) return { choice: this.resume.decision, via: 'flag', by: this.resume.by };
    // "Abort" after a crash means abort with rollback of the completed steps that have one.
    if (r.purpose === 'failure' && this.resume?.decision === 'abort' && r.choices.includes('rollback')) return { choice: 'rollback', via: 'flag --abort', by: this.resume.by };
    // --abort of a run that died at a confirmation (no step interrupted): the answer is no, the run ends there.
    if ((r.purpose === 'step' || r.purpose === 'manual') && this.resume?.decision === 'abort') return { choice: 'no', via: 'flag --abort', by: this.resume.by };
    // Ctrl-C from an attached console: ask that console, never answer it from flags.
    if (r.purpose === 'abort' && this.operator) return this.operator.ask(r, signal);
    try {
      return await this.flags.ask(r, signal);
    } catch (e) {
      if (e instanceof OperatorUnavailable && this.operator) return this.operator.ask(r, signal);
      throw e;
    }
  }
}

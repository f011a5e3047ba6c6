// Answers confirmations from command-line flags (--yes, --confirm-env, a resume decision);
// anything the flags do not answer goes to `next` (the attached operator) or, with nobody who
// could ever answer, stops the run before the step with a message naming the flag.
import { OperatorUnavailable, type ConfirmAnswer, type Confirmer, type ConfirmRequest } from '../ports/confirmer.js';
import type { RunRequest } from './run-request.js';

export class FlagConfirmer implements Confirmer {
  constructor(private readonly req: Pick<RunRequest, 'yes' | 'confirmEnv' | 'resume' | 'environment'>, private readonly next?: Confirmer) {}

  async ask(r: ConfirmRequest, signal?: AbortSignal): Promise<ConfirmAnswer> {
    const answer = this.fromFlags(r);
    if (answer) return answer;
    if (this.next) return this.next.ask(r, signal);
    throw new OperatorUnavailable(this.missing(r), this.flagFor(r));
  }

  private fromFlags(r: ConfirmRequest): ConfirmAnswer | undefined {
    if (r.purpose === 'interrupted' && this.req.resume?.decision) return { choice: this.req.resume.decision, via: 'flag', by: this.req.resume.by };
    if (r.purpose !== 'step') return undefined;
    if (r.level === 'typed') return this.req.confirmEnv === r.environment ? { choice: 'yes', typed: this.req.confirmEnv, via: 'flag --confirm-env' } : undefined;
    return this.req.yes ? { choice: 'yes', via: 'flag --yes' } : undefined;
  }

  private flagFor(r: ConfirmRequest): string | undefined {
    if (r.purpose === 'interrupted') return '--rerun, --mark-done or --abort';
    if (r.purpose !== 'step') return undefined;
    return r.level === 'typed' ? `--confirm-env ${r.environment}` : '--yes';
  }

  private missing(r: ConfirmRequest): string {
    const what = r.stepId ? `step ${r.stepId}` : r.purpose;
    const flag = this.flagFor(r);
    if (flag) return `${what} needs a confirmation and there is no terminal: pass ${flag} (stopped before the step)`;
    if (r.purpose === 'manual') return `${what} is a manual step: it needs a person — run from a terminal or \`opsdeck attach\` (stopped before the step)`;
    return `${what} needs an operator's decision and there is no terminal (stopped)`;
  }
}

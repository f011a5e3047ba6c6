// The runner's questions to a person: it owns the request ids ("c1", "c2"…, unique within a
// run), journals each question and its answer, and owns the stop signal, so a stop request
// (SIGTERM, a console's stop) withdraws the question being asked instead of waiting on it.
import { OperatorUnavailable, type ConfirmAnswer, type Confirmer, type ConfirmRequest } from '../../ports/confirmer.js';
import type { ConfirmChoice, ConfirmPurpose, RunEvent } from '../../domain/runbook/run-events.js';

/** The question was withdrawn before it was answered (its step ended, say); the message says why. */
export class QuestionWithdrawn extends Error {
  constructor(readonly reason: string) {
    super(`question withdrawn: ${reason}`);
    this.name = 'QuestionWithdrawn';
  }
}

export type Question = Omit<ConfirmRequest, 'id' | 'runId' | 'environment' | 'protected' | 'defaultChoice'> & { defaultChoice?: ConfirmChoice };

export interface RunQuestionsOptions {
  confirmer: Confirmer;
  runId: () => string;
  environment: string;
  /** Whether the environment is protected, for the console's wording. */
  protected?: boolean;
  /** Journals an event (the runner's emit). */
  emit: (event: RunEvent) => Promise<void>;
  now: () => number;
}

export class RunQuestions {
  private seq = 0;
  /** What the latest question asked, for its journaled answer (and so the audit log). */
  private asked?: string;
  private readonly stopping = new AbortController();
  private stopReason?: string;

  constructor(private readonly o: RunQuestionsOptions) {}

  /** The id of the latest question (answers and abort records refer to it). */
  get lastId(): string {
    return `c${this.seq}`;
  }

  /** Withdraws the question being asked, and refuses new ones: they reject with OperatorUnavailable. */
  stop(reason: string): void {
    this.stopReason ??= reason;
    this.stopping.abort();
  }

  /**
   * Journals the question, asks the confirmer (with the stop signal), resolves with the answer.
   * `withdraw` ends this one question unanswered (its abort reason says why): the withdrawal is
   * journaled, the confirmer sees its signal abort (the console closes the dialog), and the
   * promise rejects with QuestionWithdrawn, so a late answer can never act on it.
   */
  async ask(q: Question, withdraw?: AbortSignal): Promise<ConfirmAnswer> {
    const id = `c${++this.seq}`;
    this.asked = q.level === 'typed' ? `typed "${q.expected ?? this.o.environment}"` : q.choices.join('/') === 'no/yes/skip' || q.choices.join('/') === 'no/yes' ? 'y/N' : `one of ${q.choices.join('/')}`;
    const request: ConfirmRequest = { ...q, id, runId: this.o.runId(), environment: this.o.environment, protected: this.o.protected === true, defaultChoice: q.defaultChoice ?? q.choices[0]! };
    await this.o.emit({ type: 'confirmation-requested', at: this.o.now(), requestId: id, stepId: q.stepId, purpose: q.purpose, level: q.level, command: q.command, prompt: q.prompt });
    const stop = this.stopping.signal;
    const stopped = (): OperatorUnavailable => new OperatorUnavailable(`${this.stopReason ?? 'stopped'} while waiting for an answer to: ${q.prompt}`);
    if (stop.aborted) throw stopped();
    const reasonOf = (): string => (typeof withdraw?.reason === 'string' ? withdraw.reason : 'no longer asked');
    if (withdraw?.aborted) {
      await this.o.emit({ type: 'confirmation-withdrawn', at: this.o.now(), requestId: id, stepId: q.stepId, purpose: q.purpose, reason: reasonOf() });
      throw new QuestionWithdrawn(reasonOf());
    }
    // The confirmer's signal: the run stopping, or this question withdrawn (no AbortSignal.any on Node 20.0).
    const ended = new AbortController();
    return new Promise<ConfirmAnswer>((resolve, reject) => {
      let settled = false;
      const settle = (f: () => void): void => {
        if (settled) return;
        settled = true;
        stop.removeEventListener('abort', onStop);
        withdraw?.removeEventListener('abort', onWithdraw);
        f();
      };
      const onStop = (): void => settle(() => {
        reject(stopped());
        ended.abort();
      });
      const onWithdraw = (): void => settle(() => {
        const reason = reasonOf();
        // Journaled before anything acts on the withdrawal (the console learns of it from this event too).
        void this.o.emit({ type: 'confirmation-withdrawn', at: this.o.now(), requestId: id, stepId: q.stepId, purpose: q.purpose, reason });
        reject(new QuestionWithdrawn(reason));
        ended.abort(reason);
      });
      stop.addEventListener('abort', onStop, { once: true });
      withdraw?.addEventListener('abort', onWithdraw, { once: true });
      this.o.confirmer.ask(request, ended.signal).then((a) => settle(() => resolve(a)), (e: unknown) => settle(() => reject(e)));
    });
  }

  /** Journals the answer to the latest question (`choice`: what the runner does with it). */
  answered(purpose: ConfirmPurpose, stepId: string | undefined, ans: Pick<ConfirmAnswer, 'via' | 'by' | 'typed' | 'choice'>, choice: ConfirmChoice, refused: string[] = []): Promise<void> {
    const answer = ans.typed !== undefined && this.asked?.startsWith('typed') ? `"${ans.typed}"` : (ans.choice ?? choice);
    return this.o.emit({ type: 'confirmation-answered', at: this.o.now(), requestId: this.lastId, stepId, purpose, choice, via: ans.via, by: ans.by, asked: this.asked, answer, ...(refused.length ? { refused } : {}) });
  }

  /**
   * Asks to run (or, for a manual step, to confirm doing) a step. A typed confirmation is
   * checked here, never by the confirmer: a wrong name asks again (3 times, then it is a no).
   * Resolves 'yes' or undefined (no, skip: the journaled answer changes the run's course);
   * rejects when nobody can answer.
   */
  async confirmStep(step: { id: string; title: string; typed: boolean; command: string }, purpose: 'step' | 'manual'): Promise<'yes' | undefined> {
    const env = this.o.environment;
    const prompt = purpose === 'manual' ? `Manual step ${step.id}: do it, then confirm it is done` : `Run step ${step.id}: ${step.title}?`;
    const refused: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const ans = await this.ask({
        purpose, level: step.typed ? 'typed' : 'confirm', expected: step.typed ? env : undefined, stepId: step.id, stepTitle: step.title, command: step.command, prompt,
        choices: ['no', 'yes', 'skip'], instructions: purpose === 'manual' ? step.command.replace(/^manual: /, '') : undefined,
      });
      // Wrong names the console's dialog refused (and asked again) before this answer.
      refused.push(...(ans.refused ?? []).map((r) => `"${r}"`));
      if (ans.choice === 'yes' && step.typed && ans.typed !== env) {
        await this.o.emit({ type: 'note', at: this.o.now(), message: `typed confirmation refused for step ${step.id}: expected the environment name "${env}"` });
        refused.push(`"${ans.typed ?? ''}"`);
        continue;
      }
      await this.answered(purpose, step.id, ans, ans.choice, refused);
      return ans.choice === 'yes' ? 'yes' : undefined;
    }
    await this.answered(purpose, step.id, { via: 'refused', choice: 'no' }, 'no', refused);
    return undefined;
  }
}

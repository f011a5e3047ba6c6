// How the runner asks a person. The runner asks with an id and awaits the answer; the same
// runner works headless (flags, readline on a TTY), in the TUI, or over an attach socket.
// The runner, not the confirmer, checks typed answers against the expected text.
import type { ConfirmChoice, ConfirmLevel, ConfirmPurpose } from '../domain/runbook/run-events.js';

export interface ConfirmRequest {
  /** Unique within the run, e.g. "c3"; answers refer to it. */
  id: string;
  runId: string;
  purpose: ConfirmPurpose;
  stepId?: string;
  stepTitle?: string;
  /** The exact command that will run (masked), shown beside every confirmation. */
  command?: string;
  /** 'typed': the operator must type `expected` (the environment name, or free text for change-ref). */
  level: ConfirmLevel;
  expected?: string;
  environment: string;
  /** One line saying what is asked. */
  prompt: string;
  /** Allowed answers, the first being the safe default (e.g. ['no', 'yes']). */
  choices: ConfirmChoice[];
  defaultChoice: ConfirmChoice;
  /** For manual steps: the instructions, inputs filled in. */
  instructions?: string;
}

export interface ConfirmAnswer {
  choice: ConfirmChoice;
  /** What the operator typed for 'typed' requests (compared by the runner), or the change reference. */
  typed?: string;
  /** How the answer came: 'flag', 'tty', 'ui', 'attach'… recorded in the journal and audit. */
  via?: string;
  by?: string;
}

export interface Confirmer {
  /**
   * Resolves with the answer. Rejects with `OperatorUnavailable` when nobody can answer (no TTY
   * and no flag): the runner then stops BEFORE the step. Rejects with an AbortError if `signal` aborts.
   */
  ask(request: ConfirmRequest, signal?: AbortSignal): Promise<ConfirmAnswer>;
}

/** Nobody can answer this request (headless without the flag that would answer it). */
export class OperatorUnavailable extends Error {
  constructor(message: string, readonly flag?: string) {
    super(message);
    this.name = 'OperatorUnavailable';
  }
}

// How the runner asks a person. The runner asks with an id and awaits the answer; the same
// runner works headless (flags, readline on a TTY), in the TUI, or over an attach socket.
// The runner, not the confirmer, checks typed answers against the expected text.
import type { ConfirmAnswer, ConfirmRequest } from '../domain/runbook/confirm-request.js';

export type { ConfirmAnswer, ConfirmRequest };

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

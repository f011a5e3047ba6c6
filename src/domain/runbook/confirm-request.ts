// What the runner asks a person and what comes back: plain data, shared by the runner, the attach
// protocol (runner-protocol.ts) and every Confirmer (ports/confirmer.ts).
import type { ConfirmChoice, ConfirmLevel, ConfirmPurpose } from './run-events.js';

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
  /** The environment is protected: only then does a console call it PROTECTED (a step's own `confirm: typed` asks for the name anywhere). */
  protected?: boolean;
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
  /** How the answer came: 'console', 'attach', 'tty', 'flag …'… recorded in the journal, audit and report. */
  via?: string;
  by?: string;
  /** Typed names the asking console refused before this answer (its dialog asks again itself): for the audit. */
  refused?: string[];
}

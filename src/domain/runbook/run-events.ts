// Everything that happens during a run, as data. The runner appends each event to the run's
// journal as it happens; the engine's reducer folds the same events into the run state, so a
// journal read back after a crash rebuilds exactly the state the runner had (resume).
// All text in events (commands, output, inputs) is already masked by the runner.
import type { Runbook } from './runbook-model.js';

export type ConfirmLevel = 'none' | 'confirm' | 'typed';

/** What the operator (or a flag) answered. */
export type ConfirmChoice = 'yes' | 'no' | 'skip' | 'retry' | 'rollback' | 'continue' | 'stop' | 'abort' | 'rerun' | 'mark-done';

export type StepPhase = 'main' | 'rollback';

/**
 * succeeded / failed (non-zero exit or error) / timed-out / aborted (operator) / dry-run (walked,
 * nothing run) / marked-done (operator said it was done, e.g. after a crash).
 */
export type StepOutcome = 'succeeded' | 'failed' | 'timed-out' | 'aborted' | 'dry-run' | 'marked-done';

export type RunOutcome = 'succeeded' | 'failed' | 'stopped' | 'aborted';

export type StepKind = 'run' | 'shell' | 'manual' | 'service' | 'wait_healthy';

/** One step of the plan as recorded at run start (commands with inputs filled in, masked). */
export interface PlannedStepSummary {
  id: string;
  title: string;
  kind: StepKind;
  /** The command as shown to the operator: argv joined with shell-style quoting, or the script. */
  command: string;
  confirm: ConfirmLevel;
  skipped?: 'when';
  timeoutMs?: number;
  retries: number;
  hasRollback: boolean;
  rollbackCommand?: string;
  /** From past runs of this runbook, when there are some. */
  estimateMs?: number;
}

interface Base {
  /** ms since epoch */
  at: number;
}

export type RunEvent =
  | (Base & {
      type: 'run-started';
      runId: string;
      runbook: string;
      title: string;
      kind: string;
      profile: string;
      environment: string;
      protected: boolean;
      dryRun: boolean;
      changeRef?: string;
      /** Masked: secret inputs are replaced by the mask. */
      inputs: Record<string, string>;
      onFailure: 'rollback' | 'stop';
      plan: PlannedStepSummary[];
      /** sha256 of the runbook file the plan came from, as reviewed. */
      runbookHash?: string;
      /** The runbook definition as reviewed (masked): what this run executes, resume included. */
      definition?: Runbook;
      user: string;
      host: string;
      pid: number;
      /** Who ran it: sudo user, SSH client, when known. */
      sudoUser?: string;
      sshClient?: string;
    })
  | (Base & { type: 'step-skipped'; stepId: string; reason: 'when' | 'operator' | 'dry-run' | 'precondition'; detail?: string })
  | (Base & { type: 'confirmation-requested'; requestId: string; stepId?: string; purpose: ConfirmPurpose; level: ConfirmLevel; command?: string; prompt: string })
  | (Base & { type: 'confirmation-answered'; requestId: string; stepId?: string; purpose: ConfirmPurpose; choice: ConfirmChoice; /** flag, tty, ui, attach… */ via?: string; by?: string; /** What was asked: `typed "prod"`, `y/N`, `one of stop/rollback/retry/continue`. */ asked?: string; /** What was given: the typed text, or the choice. */ answer?: string; /** Typed answers refused before this one (each asked again). */ refused?: string[] })
  /** A question no longer asked, unanswered: e.g. the abort question of a step that ended on its own before the answer. */
  | (Base & { type: 'confirmation-withdrawn'; requestId: string; stepId?: string; purpose: ConfirmPurpose; reason: string })
  | (Base & { type: 'step-started'; stepId: string; phase: StepPhase; attempt: number; command: string })
  | (Base & { type: 'step-output'; stepId: string; phase: StepPhase; stream: 'stdout' | 'stderr'; line: string })
  | (Base & {
      type: 'step-finished';
      stepId: string;
      phase: StepPhase;
      attempt: number;
      outcome: StepOutcome;
      exitCode?: number;
      durationMs: number;
      /** Last lines of output, masked. */
      tail: string[];
      /** Value stored by `capture`, masked in the journal. */
      captured?: { name: string; value: string };
      error?: string;
    })
  /** The operator's (or the default) decision after a step failed: rollback, retry, skip (continue), stop. */
  /** `declined`: the decision after the operator declined the step (roll back what was done, or stop). */
  | (Base & { type: 'failure-decision'; stepId: string; choice: 'rollback' | 'retry' | 'skip' | 'stop'; via?: string; declined?: boolean })
  | (Base & { type: 'rollback-started'; steps: string[]; reason: string })
  /** Health of services around a step that changes something (recorded by the runner when it has a health source). */
  | (Base & { type: 'health-snapshot'; stepId: string; when: 'before' | 'after'; services: Record<string, string> })
  /** A guarded service regressed; the run pauses at the next boundary. */
  | (Base & { type: 'guard-regression'; services: Record<string, string> })
  /** Written when a run is resumed after its runner died: the step that was running is interrupted. */
  | (Base & { type: 'run-resumed'; interruptedStepId?: string; pid: number })
  | (Base & { type: 'note'; message: string })
  /** The audit log's newest entry when the run ended: `audit verify` checks the log still has it. */
  | (Base & { type: 'audit-head'; seq: number; hash: string })
  | (Base & { type: 'run-finished'; outcome: RunOutcome; rolledBack: boolean; message?: string; durationMs: number });

export type ConfirmPurpose =
  /** Run this (risky) step? */
  | 'step'
  /** Manual step: did you do it? */
  | 'manual'
  /** Ctrl-C / abort request during a step. */
  | 'abort'
  /** A step failed: rollback, retry, skip or stop. */
  | 'failure'
  /** After a crash: re-run, mark done or abort the interrupted step. */
  | 'interrupted'
  /** A guarded service regressed. */
  | 'guard'
  /** Protected environment: the change reference. */
  | 'change-ref'
  /** A service action (start/stop/restart) from the console or the CLI. */
  | 'service'
  /** `:write`: leave read-only mode for the console's lifetime. */
  | 'write';

export type RunEventType = RunEvent['type'];

/** Narrow helper: `eventOf(e, 'step-finished')`. */
export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

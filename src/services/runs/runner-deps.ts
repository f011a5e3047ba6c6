// What a RunbookRunner is given: the journal, the one who answers questions, the service
// actions, masking, and the knobs of a run (who starts it, timeouts, evidence, resume rules).
import type { Redactor } from '../../domain/text/redaction.js';
import type { EventOf, RunEvent } from '../../domain/runbook/run-events.js';
import type { RunState } from '../../domain/runbook/run-state.js';
import type { RunJournal } from '../../ports/run-journal.js';
import type { Confirmer } from '../../ports/confirmer.js';
import type { ServiceActions } from '../../ports/service-actions.js';

/** Who starts the run, where, for which change: as the run-started event records it. */
export type RunMeta = Pick<EventOf<'run-started'>, 'profile' | 'user' | 'host' | 'pid' | 'sudoUser' | 'sshClient' | 'changeRef'>;

export interface RunnerDeps {
  journal: RunJournal;
  confirmer: Confirmer;
  services: ServiceActions;
  redactor: Redactor;
  /** Relative step cwds resolve against this (the ops dir); also the default cwd. */
  baseDir: string;
  meta: RunMeta;
  /** 'auto': a failure takes the runbook's default (rollback or stop) without asking. @default 'auto' */
  failureMode?: 'auto' | 'ask';
  /** Grace between SIGTERM and SIGKILL. @default 5000 */
  graceMs?: number;
  /** Pause between automatic retries. @default 1000 */
  retryDelayMs?: number;
  /** Precondition health wait. @default 15000 */
  preconditionTimeoutMs?: number;
  /** Health by service, for evidence before/after steps that change something. */
  healthOf?: (services: readonly string[]) => Promise<Record<string, string>>;
  /** Guarded services that regressed since the run started (empty/undefined: none). */
  guardCheck?: () => Promise<Record<string, string> | undefined>;
  /** Extra environment for every step process (OPSDECK_CLI, OPSDECK_STATE_DIR…); see step-env.ts. */
  stepEnv?: Readonly<Record<string, string>>;
  /**
   * The audit log's head (count, hash), sealed in the journal (and so the report) just before
   * the run's end: `audit verify` then knows the log must still hold that entry.
   */
  auditHead?: () => { seq: number; hash: string } | undefined;
  /**
   * A resumed run without a terminal: a question nobody can answer leaves the run unfinished and
   * resumable (the runner exits, the journal says why) instead of ending it for good. @default false
   */
  parkWhenUnanswered?: boolean;
  /** Every event after it is journaled, with the new state (stores, UI, attach clients). */
  onEvent?: (event: RunEvent, state: RunState) => void;
  now?: () => number;
}

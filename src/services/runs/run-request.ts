// What a detached runner needs to start (or resume) a run, written by the console that asked
// for it into <runDir>/request.json (0600, private dir). It holds input values, so it is
// deleted when the run finishes; the journal keeps only masked ones.
import type { ConfirmChoice } from '../../domain/runbook/run-events.js';
import type { Runbook } from '../../domain/runbook/runbook-model.js';

export interface RunRequest {
  runId: string;
  /** The ops dir (profiles/, runbooks/) as an absolute path. */
  opsDir: string;
  profile: string;
  environment: string;
  runbook: string;
  inputs: Record<string, string>;
  dryRun: boolean;
  /** --yes: answers y/N confirmations (and typed ones when confirmEnv names the environment). */
  yes: boolean;
  confirmEnv?: string;
  changeRef?: string;
  /** A person is (or may come) at a console: unanswered questions wait for one instead of stopping the run. */
  interactive: boolean;
  /** The starting console is about to attach: wait for it (briefly) so it sees everything. */
  awaitClient?: boolean;
  /**
   * After a failed step: 'auto' takes the runbook's on_failure (the headless run), 'ask' offers
   * rollback / retry / skip / stop to the attached operator (the TUI). @default 'auto'
   */
  failureMode?: 'auto' | 'ask';
  /** Take over a stale lock of this environment (its holder is dead on this host). */
  takeOverStale?: boolean;
  /** Set by `opsdeck resume`: the decision for the interrupted step, when given up front. */
  resume?: { decision?: Extract<ConfirmChoice, 'rerun' | 'mark-done' | 'abort'>; by: string };
  /**
   * What the operator reviewed: the runbook as it was when its plan was shown, and the
   * environment's vars then. A runner starting the run refuses when the file changed since
   * (the operator re-plans); a resumed runner runs this and never reads the file again.
   */
  reviewed?: { runbook: Runbook; environmentVars: Record<string, string> };
  /** Who asked, for the journal: the runner itself runs detached from their session. */
  requestedBy: { user: string; host: string; sudoUser?: string; sshClient?: string };
}

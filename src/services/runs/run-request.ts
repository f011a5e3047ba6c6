// What a detached runner needs to start (or resume) a run, written by the console that asked
// for it into <runDir>/request.json (0600, private dir). It holds the non-secret input values,
// so it is deleted when the run finishes; the journal keeps only masked ones. Secret inputs are
// never written beside the journal: they wait in a private runtime file (run-secret-inputs.ts)
// removed when the run ends. Always write and read requests through the functions below.
import type { ConfirmChoice } from '../../domain/runbook/run-events.js';
import type { Runbook } from '../../domain/runbook/runbook-model.js';
import { rmSync } from 'node:fs';
import { type RunPaths } from '../../adapters/fs/run-store.js';
import { readRunSecretInputs, removeRunSecretInputs, writeRunSecretInputs } from '../../adapters/fs/run-secret-inputs.js';
import { readStateJson, writeStateJson } from '../../adapters/fs/state-dir.js';

export interface RunRequest {
  runId: string;
  /** The ops dir (profiles/, runbooks/) as an absolute path. */
  opsDir: string;
  profile: string;
  environment: string;
  runbook: string;
  inputs: Record<string, string>;
  /** Names of the secret inputs, whose values are kept out of this file. */
  secretInputs?: string[];
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

/** Secret input names: as recorded, else from the reviewed runbook. */
function secretNames(req: RunRequest): string[] {
  return req.secretInputs ?? req.reviewed?.runbook.inputs.filter((i) => i.secret).map((i) => i.name) ?? [];
}

/** request.json without the secret values; those go to the private runtime file. */
export function writeRunRequest(paths: RunPaths, req: RunRequest, env: NodeJS.ProcessEnv = process.env): void {
  const names = secretNames(req);
  const inputs: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.inputs)) (names.includes(k) ? secrets : inputs)[k] = v;
  if (Object.keys(secrets).length) writeRunSecretInputs(paths.runId, secrets, env);
  writeStateJson(paths.request, { ...req, inputs, secretInputs: names } satisfies RunRequest);
}

/** The request with its secret inputs back in place (missing when they are gone). */
export function readRunRequest(paths: RunPaths, env: NodeJS.ProcessEnv = process.env): RunRequest | undefined {
  const req = readStateJson<RunRequest>(paths.request);
  if (!req) return undefined;
  const secrets = secretNames(req).length ? readRunSecretInputs(paths.runId, env) ?? {} : {};
  return { ...req, inputs: { ...req.inputs, ...secrets } };
}

/** Names of secret inputs the request needs but whose values are gone. */
export function lostSecretInputs(req: RunRequest): string[] {
  return secretNames(req).filter((n) => req.inputs[n] === undefined);
}

/** The run ended: neither its request nor its secret inputs stay behind. */
export function removeRunRequest(paths: RunPaths, env: NodeJS.ProcessEnv = process.env): void {
  removeRunSecretInputs(paths.runId, env);
  rmSync(paths.request, { force: true });
}

// The attach protocol between a detached runner and its consoles: JSON lines over a unix
// socket (<runDir>/runner.sock, mode 0600). A client first receives the journal so far
// (`event` messages, then `live`), then live events. Confirmations go only to the controlling
// client; everyone else watches. Kept in the domain because the TUI and `attach` share it.
import type { ConfirmRequest, ConfirmAnswer } from './confirm-request.js';
import type { RunEvent } from './run-events.js';

export type RunnerState = 'starting' | 'running' | 'waiting' | 'finished';

export interface RunnerStatus {
  runId: string;
  state: RunnerState;
  pid: number;
  /** e.g. "step restore needs an operator" while waiting. */
  detail?: string;
  /** The question waiting for an answer, when state is 'waiting' or asked. */
  pendingRequest?: ConfirmRequest;
  controller?: string;
  clients: number;
  updatedAt: number;
}

export interface ClientIdentity {
  user: string;
  host: string;
  sshClient?: string;
  tty: boolean;
}

export type ClientMessage =
  /** role 'control' asks to answer confirmations (granted if nobody controls); 'watch' only watches. */
  | { t: 'hello'; role: 'control' | 'watch'; who: ClientIdentity }
  | { t: 'answer'; id: string; answer: ConfirmAnswer }
  /** Ask the runner to abort the current step (the runner asks the controller to confirm). */
  | { t: 'abort' }
  /** The controlling console was terminated (SIGTERM): stop the run (kill the step, start nothing new). */
  | { t: 'stop'; reason: string }
  /** Give up control (e.g. the operator pressed d to detach); the client may keep watching. */
  | { t: 'release' };

export type ServerMessage =
  | { t: 'welcome'; runId: string; controller: boolean; status: RunnerStatus }
  | { t: 'event'; event: RunEvent }
  /** Everything journaled so far has been sent; what follows is live. */
  | { t: 'live' }
  | { t: 'ask'; request: ConfirmRequest }
  | { t: 'answered'; id: string; by?: string }
  | { t: 'control'; controller: boolean }
  | { t: 'status'; status: RunnerStatus }
  | { t: 'error'; message: string }
  | { t: 'bye'; reason: string };

export function encode(msg: ClientMessage | ServerMessage): string {
  return JSON.stringify(msg) + '\n';
}

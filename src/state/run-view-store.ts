// One run as a console sees it: the folded view, a bounded buffer of output lines, the question
// waiting for this console, and the runner's status. Output reaches React in batches: lines go
// into the ring buffer at once, `outputVersion` moves at most every `batchMs`.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { RingBuffer } from '../domain/ring-buffer.js';
import { foldRunView, type RunView } from '../domain/runbook/run-view.js';
import type { RunEvent } from '../domain/runbook/run-events.js';
import type { ConfirmRequest } from '../ports/confirmer.js';
import type { RunnerStatus } from '../domain/runbook/runner-protocol.js';

export const OUTPUT_LINES = 400;

export interface OutputLine {
  stepId: string;
  stream: 'stdout' | 'stderr' | 'info';
  text: string;
}

export interface RunStoreState {
  runId: string;
  view?: RunView;
  /** Read with `output.slice(...)`; re-read when outputVersion changes. */
  output: RingBuffer<OutputLine>;
  outputVersion: number;
  /** The question this console must answer (only the controlling console gets one). */
  pending?: ConfirmRequest;
  status?: RunnerStatus;
  connection: 'connecting' | 'replaying' | 'live' | 'closed';
  controller: boolean;
  /** Why the connection closed, or a protocol error. */
  message?: string;
  /** Written when the run finished. */
  reportPath?: string;
  /** This console's question the runner withdrew unanswered (its step ended first), and why. */
  withdrawn?: { id: string; reason: string };
}

export interface RunStoreActions {
  event(e: RunEvent): void;
  ask(r: ConfirmRequest): void;
  answered(id: string): void;
  patch(p: Partial<Pick<RunStoreState, 'status' | 'connection' | 'controller' | 'message' | 'reportPath'>>): void;
  /** Cancels the pending batch timer. */
  dispose(): void;
}

export type RunViewStore = StoreApi<RunStoreState & RunStoreActions>;

export function createRunViewStore(runId: string, batchMs = 80): RunViewStore {
  const output = new RingBuffer<OutputLine>(OUTPUT_LINES);
  let timer: NodeJS.Timeout | undefined;
  return createStore<RunStoreState & RunStoreActions>()((set, get) => {
    const bump = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        set((s) => ({ outputVersion: s.outputVersion + 1 }));
      }, batchMs);
    };
    return {
      runId,
      output,
      outputVersion: 0,
      connection: 'connecting',
      controller: false,
      event(e) {
        if (e.type === 'step-output') {
          output.push({ stepId: e.stepId, stream: e.stream, text: e.line });
          return bump();
        }
        if (e.type === 'step-started') output.push({ stepId: e.stepId, stream: 'info', text: `── ${e.phase === 'rollback' ? 'rollback of ' : ''}${e.stepId} (attempt ${e.attempt}): ${e.command}` });
        if (e.type === 'step-finished' && e.error) output.push({ stepId: e.stepId, stream: 'info', text: `── ${e.stepId} ${e.outcome}: ${e.error}` });
        if (e.type === 'confirmation-withdrawn' && get().pending?.id === e.requestId) set({ pending: undefined, withdrawn: { id: e.requestId, reason: e.reason } });
        const view = foldRunView(get().view, e);
        if (view !== get().view) set({ view });
        // A question answered elsewhere (the runner's default, a stop that withdrew it) or a run
        // that ended is not waiting for this console any more: no prompt left on screen.
        const p = get().pending;
        if (p && (e.type === 'run-finished' || (e.type === 'confirmation-answered' && e.requestId === p.id))) set({ pending: undefined });
        if (e.type === 'step-started' || e.type === 'step-finished') bump();
      },
      ask: (r) => set({ pending: r }),
      answered: (id) => set((s) => (s.pending?.id === id ? { pending: undefined } : {})),
      patch: (p) => set(p),
      dispose() {
        if (timer) clearTimeout(timer);
        timer = undefined;
      },
    };
  });
}

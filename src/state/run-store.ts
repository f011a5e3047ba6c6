// One run as the UI sees it: the engine state after each event, the live output per step
// (bounded), and the confirmation waiting for an answer. Fed by RunbookRunner's onEvent and by
// StoreConfirmer; the TUI (or an attach client) reads it with selectors and answers through it.
// Output arrives in batches (~50 ms) so a chatty step does not re-render per line.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { RingBuffer } from '../domain/ring-buffer.js';
import type { RunState } from '../domain/runbook/run-state.js';
import type { RunEvent } from '../domain/runbook/run-events.js';
import type { ConfirmAnswer, ConfirmRequest, Confirmer } from '../ports/confirmer.js';

export const OUTPUT_LINES_PER_STEP = 500;

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  line: string;
  phase: 'main' | 'rollback';
}

export interface RunStoreState {
  run?: RunState;
  /** Bumped whenever output was appended (the buffers are mutated in place, bounded). */
  outputVersion: number;
  /** Events other than output, in order (bounded): the step log / timeline. */
  timeline: RunEvent[];
  pending?: ConfirmRequest;
}

export interface RunStoreActions {
  /** RunbookRunner's onEvent. */
  onEvent(event: RunEvent, state: RunState): void;
  output(stepId: string): OutputLine[];
  /** Answers the pending confirmation (ignored if `id` is not the pending one). */
  answer(id: string, answer: ConfirmAnswer): void;
}

export type RunStore = StoreApi<RunStoreState & RunStoreActions> & { confirmer: Confirmer };

export function createRunStore(options: { flushMs?: number; timelineMax?: number } = {}): RunStore {
  const buffers = new Map<string, RingBuffer<OutputLine>>();
  const waiting = new Map<string, (a: ConfirmAnswer) => void>();
  let flushTimer: NodeJS.Timeout | undefined;
  const store = createStore<RunStoreState & RunStoreActions>()((set, get) => ({
    outputVersion: 0,
    timeline: [],
    onEvent(event, state) {
      if (event.type === 'step-output') {
        let buf = buffers.get(event.stepId);
        if (!buf) buffers.set(event.stepId, (buf = new RingBuffer(OUTPUT_LINES_PER_STEP)));
        buf.push({ stream: event.stream, line: event.line, phase: event.phase });
        if (!flushTimer) flushTimer = setTimeout(() => {
          flushTimer = undefined;
          set((s) => ({ outputVersion: s.outputVersion + 1 }));
        }, options.flushMs ?? 50);
        return;
      }
      const max = options.timelineMax ?? 1000;
      const timeline = [...get().timeline, event];
      set({ run: state, timeline: timeline.length > max ? timeline.slice(-max) : timeline });
    },
    output: (stepId) => buffers.get(stepId)?.toArray() ?? [],
    answer(id, answer) {
      const resolve = waiting.get(id);
      if (!resolve) return;
      waiting.delete(id);
      set({ pending: undefined });
      resolve(answer);
    },
  }));
  const confirmer: Confirmer = {
    ask: (request, signal) =>
      new Promise<ConfirmAnswer>((resolve, reject) => {
        waiting.set(request.id, resolve);
        store.setState({ pending: request });
        signal?.addEventListener('abort', () => {
          waiting.delete(request.id);
          store.setState({ pending: undefined });
          reject(new Error('confirmation cancelled'));
        }, { once: true });
      }),
  };
  return Object.assign(store, { confirmer });
}

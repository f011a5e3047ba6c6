// What lists of runs need from a run, small enough to cache for thousands of runs: the who,
// where, when and outcome of its summary, and per step only what estimates use. The full
// summary (output tails, health around steps) is read from the journal when one run is shown.
import type { RunSummary, StepRecord } from './run-summary.js';

export type RunDigest = Omit<RunSummary, 'steps' | 'notes' | 'inputs'> & {
  steps: Pick<StepRecord, 'id' | 'outcome' | 'durationMs'>[];
};

export function digestOf(s: RunSummary): RunDigest {
  const { steps, notes: _notes, inputs: _inputs, ...rest } = s;
  return { ...rest, steps: steps.map((st) => ({ id: st.id, ...(st.outcome ? { outcome: st.outcome } : {}), ...(st.durationMs !== undefined ? { durationMs: st.durationMs } : {}) })) };
}

// Where a run's events go as they happen. The runner awaits each append before acting on the
// next decision, so an implementation that fsyncs gives "written before done" durability.
import type { RunEvent } from '../domain/runbook/run-events.js';

export interface RunJournal {
  readonly runId: string;
  /** Appends one event; resolves when it is durable (as durable as the implementation makes it). */
  append(event: RunEvent): Promise<void>;
  /** Releases the file / connection. Appending after close is a bug. */
  close(): Promise<void>;
}

// The RunJournal port on disk: <stateDir>/runs/<runId>/journal.jsonl, one fsync'd line per event.
// Listeners (the runner's attach socket) hear each event after it is durable, never before.
import type { RunJournal } from '../../ports/run-journal.js';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import { JsonlJournal, readJsonLines, type JournalRead } from './jsonl-journal.js';
import { runPaths } from './run-store.js';

export class FsRunJournal implements RunJournal {
  private readonly file: JsonlJournal<RunEvent>;
  private readonly listeners = new Set<(e: RunEvent) => void>();
  private closed = false;

  constructor(readonly runId: string, env: NodeJS.ProcessEnv = process.env, options: { fsync?: boolean } = {}) {
    this.file = new JsonlJournal<RunEvent>(runPaths(runId, env).journal, options);
  }

  /** What a crash left half-written when this journal was reopened (already cut off). */
  get repairedTail(): string | undefined {
    return this.file.repairedTail;
  }

  onEvent(listener: (e: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async append(event: RunEvent): Promise<void> {
    if (this.closed) throw new Error(`journal of run ${this.runId} appended after close (${event.type})`);
    // Output lines are many and cheap to lose on power loss (not on a runner crash: write()
    // is done); every decision and outcome is fsync'd before the runner acts on it.
    this.file.append(event, event.type !== 'step-output');
    for (const l of this.listeners) l(event);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.file.close();
  }
}

export function readRunJournal(runId: string, env: NodeJS.ProcessEnv = process.env): JournalRead<RunEvent> {
  return readJsonLines<RunEvent>(runPaths(runId, env).journal);
}

// A journal kept in memory: for tests, dry runs, and as the event list the UI replays.
import type { RunEvent } from '../../domain/runbook/run-events.js';
import type { RunJournal } from '../../ports/run-journal.js';

export class MemoryRunJournal implements RunJournal {
  readonly events: RunEvent[] = [];
  closed = false;
  constructor(readonly runId: string) {}
  async append(event: RunEvent): Promise<void> {
    if (this.closed) throw new Error(`journal ${this.runId} is closed`);
    this.events.push(event);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

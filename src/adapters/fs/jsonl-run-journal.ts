// A simple journal: one JSON line per event under <state>/runs/<runId>.jsonl (mode 0600).
// Stand-in until the fsync'd journal (branch runbook-safety) replaces it; same port.
import { appendFileSync, openSync, closeSync, readFileSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import type { RunJournal } from '../../ports/run-journal.js';
import { stateSubdir } from './state-dir.js';

export class JsonlRunJournal implements RunJournal {
  private fd: number;
  constructor(readonly runId: string, readonly file: string) {
    this.fd = openSync(file, 'a', 0o600);
  }
  async append(event: RunEvent): Promise<void> {
    appendFileSync(this.fd, JSON.stringify(event) + '\n');
    // Output lines are many and cheap to lose; decisions and outcomes must reach the disk.
    if (event.type !== 'step-output') fsyncSync(this.fd);
  }
  async close(): Promise<void> {
    closeSync(this.fd);
  }
}

export function openJsonlJournal(runId: string, env: NodeJS.ProcessEnv = process.env): JsonlRunJournal {
  return new JsonlRunJournal(runId, join(stateSubdir('runs', env), `${runId}.jsonl`));
}

/** Reads a journal back; a torn last line (crash mid-write) is ignored. */
export function readJsonlJournal(file: string): RunEvent[] {
  const out: RunEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as RunEvent);
    } catch {
      /* torn write */
    }
  }
  return out;
}

/** A sortable, readable, unique run id: 20261123-193012-deploy-a1b2. */
export function newRunId(runbook: string, now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${t}-${runbook.replace(/[^A-Za-z0-9_-]/g, '_')}-${Math.random().toString(16).slice(2, 6)}`;
}

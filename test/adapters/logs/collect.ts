// Test helper: runs a real log source and collects what it delivers, split into lines.
import type { LogSource } from '../../../src/ports/log-source.js';
import { LineSplitter } from '../../../src/domain/logs/line-splitter.js';

export interface Collected {
  lines: string[];
  errors: string[];
  statuses: string[];
  abort: AbortController;
}

export function collect(source: LogSource): Collected {
  const abort = new AbortController();
  const splitter = new LineSplitter();
  const c: Collected = { lines: [], errors: [], statuses: [], abort };
  source.start(
    {
      chunk: (ch) => c.lines.push(...splitter.push(ch.text)),
      error: (m) => c.errors.push(m),
      status: (s, d) => c.statuses.push(d ? `${s}: ${d}` : s),
    },
    abort.signal,
  );
  return c;
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

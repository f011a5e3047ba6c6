import { describe, it, expect, afterEach } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogTailer } from '../../../src/services/logs/log-tailer.js';
import { createLogStore } from '../../../src/state/log-store.js';
import { FileLogSource } from '../../../src/adapters/logs/file-log-source.js';
import { CommandLogSource } from '../../../src/adapters/logs/command-log-source.js';
import { createRedactor, MASK } from '../../../src/domain/text/redaction.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { waitFor } from '../../adapters/logs/collect.js';

afterEach(() => removeTempDirs());

describe('LogTailer', () => {
  it('stores masked lines in bounded per-source buffers and notifies in batches, not per line', async () => {
    const path = join(tempDir(), 'api.log');
    writeFileSync(path, '');
    const store = createLogStore(500);
    let notifications = 0;
    store.subscribe((s, p) => {
      if (s.version !== p.version) notifications++;
    });
    const abort = new AbortController();
    const src = new FileLogSource({ service: 'api', path, pollMs: 50 });
    new LogTailer({ store, redactor: createRedactor(['the-secret-value']), flushMs: 50 }).start([src], abort.signal);
    await waitFor(() => store.getState().sources[src.id]?.status === 'live', 'source live');
    for (let i = 0; i < 20; i++) appendFileSync(path, Array.from({ length: 200 }, (_, j) => `line ${i * 200 + j} the-secret-value`).join('\n') + '\n');
    await waitFor(() => store.getState().received === 4000, 'all lines');
    abort.abort();
    const buf = store.getState().buffersFor(['api'])[0]!;
    expect(buf.size).toBe(500);
    expect(buf.last()!.text).toBe(`line 3999 ${MASK}`);
    expect(notifications).toBeGreaterThan(0);
    expect(notifications).toBeLessThan(200); // 4,000 lines, far fewer updates
  });

  it("records a command source's stderr as the source's error (masked)", async () => {
    const store = createLogStore(100);
    const abort = new AbortController();
    const src = new CommandLogSource({ service: 'job', command: ['sh', '-c', 'echo fine; echo "bad password=hunter22" >&2; sleep 30'] });
    new LogTailer({ store, redactor: createRedactor() }).start([src], abort.signal);
    await waitFor(() => !!store.getState().sources[src.id]?.error, 'error');
    abort.abort();
    expect(store.getState().sources[src.id]!.error).toBe(`bad password=${MASK}`);
    expect(store.getState().buffer(src.id)!.toArray().map((l) => l.text)).toEqual(['fine']);
  });
});

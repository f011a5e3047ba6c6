import { describe, it, expect, afterEach } from 'vitest';
import { appendFileSync, renameSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { FileLogSource } from '../../../src/adapters/logs/file-log-source.js';
import { processLogPath, processLogSource } from '../../../src/adapters/logs/process-log-source.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { collect, waitFor } from './collect.js';

afterEach(() => removeTempDirs());

describe('FileLogSource (tail -F)', () => {
  it('starts from the last N lines', async () => {
    const path = join(tempDir(), 'app.log');
    writeFileSync(path, Array.from({ length: 50 }, (_, i) => `old ${i}`).join('\n') + '\n');
    const c = collect(new FileLogSource({ service: 'api', path, tailLines: 5, follow: false }));
    await waitFor(() => c.statuses.includes('ended'), 'end of history');
    expect(c.lines).toEqual(['old 45', 'old 46', 'old 47', 'old 48', 'old 49']);
  });

  it('follows appends, rename rotation and truncation without losing or duplicating a line', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.log');
    writeFileSync(path, 'history 1\nhistory 2\n');
    const c = collect(new FileLogSource({ service: 'api', path, tailLines: 10, pollMs: 50 }));
    const expected = ['history 1', 'history 2'];
    await waitFor(() => c.lines.length === 2, 'history');
    let n = 0;
    const write = (count: number) => {
      for (let i = 0; i < count; i++) {
        const line = `line ${n++}`;
        expected.push(line);
        appendFileSync(path, line + '\n');
      }
    };
    write(100);
    await waitFor(() => c.lines.length === expected.length, 'appends');
    // Rotation: lines land in the old file right before the rename, then in a new file.
    write(20);
    renameSync(path, path + '.1');
    // The writer still has the old file open for a moment (as a daemon does until it reopens).
    const fd = openSync(path + '.1', 'a');
    const late = `line ${n++}`;
    expected.push(late);
    writeSync(fd, late + '\n');
    closeSync(fd);
    write(30);
    await waitFor(() => c.lines.length >= expected.length, 'rotation', 10_000);
    // Truncation in place (copytruncate): what comes after starts from offset 0.
    await new Promise((r) => setTimeout(r, 150));
    truncateSync(path, 0);
    await new Promise((r) => setTimeout(r, 200));
    write(10);
    await waitFor(() => c.lines.length >= expected.length, 'truncation', 10_000);
    // A partial line is held until its newline.
    appendFileSync(path, 'partial');
    await new Promise((r) => setTimeout(r, 200));
    appendFileSync(path, ' done\n');
    expected.push('partial done');
    await waitFor(() => c.lines.length >= expected.length, 'partial line');
    await new Promise((r) => setTimeout(r, 300));
    c.abort.abort();
    expect(c.lines).toEqual(expected);
    expect(new Set(c.lines).size).toBe(c.lines.length);
  });

  it('waits for a missing file and reads it from its start once it appears', async () => {
    const path = join(tempDir(), 'later.log');
    const c = collect(new FileLogSource({ service: 'api', path, pollMs: 50 }));
    await waitFor(() => c.statuses.some((s) => s.startsWith('reconnecting')), 'waiting status');
    writeFileSync(path, 'first\nsecond\n');
    await waitFor(() => c.lines.length === 2, 'lines of the new file');
    c.abort.abort();
    expect(c.lines).toEqual(['first', 'second']);
  });

  it("follows a process service's output file in the state dir", async () => {
    const state = tempDir();
    const env = { ...process.env, OPSDECK_STATE_DIR: state };
    const path = processLogPath('demo', 'local', 'api', env);
    expect(path).toBe(join(state, 'services', 'demo', 'local', 'api.log'));
    const prev = process.env.OPSDECK_STATE_DIR;
    process.env.OPSDECK_STATE_DIR = state;
    try {
      const c = collect(processLogSource('demo', 'local', 'api', { pollMs: 50 }));
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(state, 'services', 'demo', 'local'), { recursive: true });
      appendFileSync(path, 'listening on 7101\n');
      await waitFor(() => c.lines.includes('listening on 7101'), 'service output');
      c.abort.abort();
    } finally {
      if (prev === undefined) delete process.env.OPSDECK_STATE_DIR;
      else process.env.OPSDECK_STATE_DIR = prev;
    }
  });
});

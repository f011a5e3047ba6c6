// `opsdeck … | head -1`: the reader leaves early and closes the pipe. The command ends with its
// own exit code and says nothing on stderr (it died of an unhandled EPIPE, with a stack trace).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { REPO, ensureBuilt } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

describe('stdout closed by its reader', () => {
  beforeAll(() => ensureBuilt());
  afterAll(removeTempDirs);

  it('mask keeps reading its input after the reader left, then exits 0 without a stack trace', async () => {
    const child = spawn(process.execPath, [`${REPO}/bin/opsdeck.js`, 'mask'], {
      cwd: tempDir(),
      env: { ...process.env, OPSDECK_STATE_DIR: tempDir() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    let ended = false;
    void closed.then(() => (ended = true));
    // A command that died of the EPIPE closes its stdin too: that is the failure, not the test's.
    child.stdin.on('error', () => undefined);
    const line = `${'a'.repeat(99)}\n`;
    const writeLines = (n: number): Promise<void> =>
      new Promise((resolve) => {
        if (ended || child.stdin.write(line.repeat(n))) return resolve();
        child.stdin.once('drain', () => resolve());
        void closed.then(() => resolve());
      });
    await writeLines(100);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    // Far more than a pipe holds: the writes after the close are what failed.
    for (let i = 0; i < 50 && !ended; i++) await writeLines(1000);
    child.stdin.end();
    const code = await closed;
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});

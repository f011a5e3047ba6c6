// The one exit path: releases once, restores the terminal (cursor, alternate screen, raw mode)
// before any message, maps signals and uncaught errors to exit codes.
import { afterEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { ALT_SCREEN_ENTER, ALT_SCREEN_LEAVE, CURSOR_SHOW, createExitPath } from '../../src/ui/terminal.js';
import { ConfigError } from '../../src/domain/errors.js';
import { reportError } from '../../src/cli/report-error.js';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';

class FakeTty extends PassThrough {
  isTTY = true;
  rawMode: boolean[] = [];
  setRawMode(on: boolean) {
    this.rawMode.push(on);
    return this;
  }
}

function streams() {
  const out: string[] = [];
  const stdout = new PassThrough();
  stdout.on('data', (d: Buffer) => out.push(`out:${d.toString()}`));
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => out.push(`err:${d.toString()}`));
  const stdin = new FakeTty();
  return { out, stdout: stdout as unknown as NodeJS.WriteStream, stderr, stdin: stdin as unknown as NodeJS.ReadStream, tty: stdin, reportError };
}

const savedState = process.env.OPSDECK_STATE_DIR;
afterEach(() => {
  process.env.OPSDECK_STATE_DIR = savedState;
  removeTempDirs();
});

describe('exit path', () => {
  it('releases once, leaves the alternate screen and turns raw mode off', async () => {
    const s = streams();
    let released = 0;
    const path = createExitPath({ ...s, release: () => void released++, processHandlers: false });
    path.enter();
    path.exit(0);
    path.exit(1);
    expect(await path.done).toBe(0);
    expect(released).toBe(1);
    expect(s.tty.rawMode).toEqual([false]);
    const written = s.out.join('');
    expect(written.startsWith(`out:${ALT_SCREEN_ENTER}`)).toBe(true);
    expect(written).toContain(CURSOR_SHOW + ALT_SCREEN_LEAVE);
  });

  it('prints an error only after the terminal is restored, with its exit code and no stack', async () => {
    const s = streams();
    const path = createExitPath({ ...s, release: () => undefined, processHandlers: false });
    path.enter();
    path.exit(0, new ConfigError([{ file: 'profiles/x.yaml', line: 3, col: 5, message: 'unknown key "nmae"' }]));
    expect(await path.done).toBe(2);
    const leaveAt = s.out.findIndex((o) => o.includes(ALT_SCREEN_LEAVE));
    const errAt = s.out.findIndex((o) => o.startsWith('err:profiles/x.yaml:3:5: unknown key'));
    expect(leaveAt).toBeGreaterThanOrEqual(0);
    expect(errAt).toBeGreaterThan(leaveAt);
  });

  it('turns an uncaught exception and a signal into an orderly exit', async () => {
    process.env.OPSDECK_STATE_DIR = tempDir('opsdeck-crash-');
    const s = streams();
    const path = createExitPath({ ...s, release: () => undefined });
    path.enter();
    (process.emit as (event: string, ...args: unknown[]) => boolean)('uncaughtException', new Error('boom'), 'uncaughtException');
    expect(await path.done).toBe(70);
    const err = s.out.filter((o) => o.startsWith('err:')).join('');
    expect(err).toContain('internal error: boom');
    expect(err).toMatch(/details were written to .*crash-/);
    expect(err).not.toMatch(/\n\s+at /);
    expect(process.listenerCount('SIGTERM')).toBe(0);

    const s2 = streams();
    const path2 = createExitPath({ ...s2, release: () => undefined });
    path2.enter();
    process.emit('SIGHUP', 'SIGHUP');
    expect(await path2.done).toBe(129);
    expect(s2.out.join('')).toContain(ALT_SCREEN_LEAVE);
  });

  it('does not wait forever for a release that hangs', async () => {
    const s = streams();
    const path = createExitPath({ ...s, release: () => new Promise(() => undefined), disposeTimeoutMs: 200, processHandlers: false });
    path.enter();
    path.exit(143);
    expect(await path.done).toBe(143);
    expect(s.out.join('')).toContain(ALT_SCREEN_LEAVE);
  });
});

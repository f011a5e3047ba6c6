// The remote-side wrapper, run here under each shell a host may have as `sh` (dash, bash,
// busybox), in a session of its own as sshd starts every command: output and status pass
// through, variables come from stdin, and the end of stdin (the ssh client gone) ends the
// command, a TERM-ignoring one, and a child that left with `setsid`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REMOTE_MARKER, reaperCommand, reaperInput, wrappedCommand, wrapperPreamble } from '../../../src/domain/remote/remote-wrapper.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';

const SHELLS = [
  ['dash', '/usr/bin/dash'],
  ['bash', '/usr/bin/bash'],
  ['busybox sh', '/usr/bin/busybox'],
].filter(([, path]) => existsSync(path!)) as [string, string][];

afterAll(() => removeTempDirs());

/** A PATH whose `sh` is the shell under test (busybox runs as `sh` through its name). */
function pathWith(shell: string): string {
  const dir = tempDir('opsdeck-wrapper-sh-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(shell, join(bin, 'sh'));
  return `${bin}:${process.env.PATH}`;
}

interface Run {
  child: ChildProcess;
  out: () => string;
  done: Promise<number | null>;
}

/** The command line as a login shell would get it from sshd: in a new session, stdin a pipe. */
function run(commandLine: string, PATH: string, input: string, keepOpen = true): Run {
  const child = spawn('/usr/bin/dash', ['-c', commandLine], { env: { ...process.env, PATH }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (out += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (out += t));
  child.stdin!.on('error', () => undefined);
  child.stdin!.write(input);
  if (!keepOpen) child.stdin!.end();
  const done = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  void done.then(() => child.stdin!.end()); // sshd closes the channel's stdin when the session ends
  return { child, out: () => out, done };
}

/** Live processes whose command line is exactly `needle` (zombies left out). */
function processes(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (cmd === needle && !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) found.push(`${pid} ${cmd}`);
    } catch {
      // gone
    }
  }
  return found;
}

const marker = (): string => randomUUID();
const napFor = (): string => String(3000 + Math.floor(Math.random() * 6000));

describe.each(SHELLS)('the remote wrapper under %s', (_name, shell) => {
  const PATH = pathWith(shell);

  it('passes output, exit status, variables from stdin and hostile argv through', async () => {
    const hostile = ['$(touch /tmp/opsdeck-pwned)', "it's", 'two\nlines', ';', '*'];
    const r = run(wrappedCommand(['sh', '-c', 'printf "%s|" "$TOKEN" "$@"; exit 3', 'x', ...hostile], 'watched'), PATH, wrapperPreamble(marker(), { TOKEN: 'a $(b) c' }));
    expect(await r.done).toBe(3);
    expect(r.out()).toBe(`a $(b) c|${hostile.join('|')}|`);
    expect(existsSync('/tmp/opsdeck-pwned')).toBe(false);
  });

  it('ends the command, a child that left with setsid, and one ignoring TERM when stdin ends', async () => {
    const [a, b, c] = [napFor(), napFor(), napFor()];
    const script = `setsid sleep ${a} & (trap "" TERM; exec sleep ${b}) & echo started; sleep ${c}`;
    const r = run(wrappedCommand(['sh', '-c', script], 'watched'), PATH, wrapperPreamble(marker()));
    await until('the command running', () => r.out().includes('started') && processes(`sleep ${a}`).length && processes(`sleep ${b}`).length);
    r.child.stdin!.end();
    await r.done;
    await until('no sleep left', () => [a, b, c].every((n) => processes(`sleep ${n}`).length === 0), 10_000, 50, () => [a, b, c].flatMap((n) => processes(`sleep ${n}`)).join('\n'));
  });

  it('passthrough: the command reads the rest of stdin, carries the marker, and the reaper ends it', async () => {
    const m = marker();
    const r = run(wrappedCommand(['sh', '-c', `echo "$${REMOTE_MARKER}"; head -n 1`], 'passthrough'), PATH, `${wrapperPreamble(m)}payload\n`);
    expect(await r.done).toBe(0);
    expect(r.out()).toBe(`${m}\npayload\n`);

    const n = napFor();
    const m2 = marker();
    const long = run(wrappedCommand(['sh', '-c', `setsid sleep ${n} & echo started; cat`], 'passthrough'), PATH, wrapperPreamble(m2));
    await until('the command running', () => long.out().includes('started') && processes(`sleep ${n}`).length);
    const reaper = run(reaperCommand(), PATH, reaperInput(m2), false);
    expect(await reaper.done).toBe(0);
    await long.done;
    expect(processes(`sleep ${n}`)).toEqual([]);
  });
});

describe('wrapper inputs', () => {
  it('refuses a marker that is not a plain token', () => {
    expect(() => wrapperPreamble('a b; rm')).toThrow(/marker/);
    expect(() => reaperInput('')).toThrow(/marker/);
    expect(() => wrappedCommand([], 'watched')).toThrow(/empty/);
  });

  it('gives the grace in tenths of a second after the marker (none: the host waits a second), within 0.1 s and 10 min', () => {
    const m = 'abcdefgh-1234';
    expect(reaperInput(m)).toBe(`${m}\n`);
    expect(reaperInput(m, 5000)).toBe(`${m} 50\n`);
    expect(reaperInput(m, 1)).toBe(`${m} 1\n`);
    expect(reaperInput(m, 3_600_000)).toBe(`${m} 6000\n`);
    expect(wrapperPreamble(m, { A: '1' }, 250)).toBe(`${m} 3\nA=1\n\n`);
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { envPreamble, posixCommand, posixQuote, withEnvFromStdin } from '../../../src/domain/remote/posix-quote.js';

// What a real POSIX shell makes of the quoted words: each must come back as exactly the input.
const shellArgs = (command: string, stdin = ''): string[] =>
  execFileSync('sh', ['-c', `set -- ${command}; printf '%s\\0' "$@"`], { input: stdin, encoding: 'utf8' }).split('\0').slice(0, -1);

describe('posixQuote', () => {
  it.each([['plain'], [''], ["it's"], ['$(touch /tmp/x)'], ['`id`'], ['a;b'], ['two\nlines'], ['"dq"'], ['*'], ['-rf'], ["'"], ['\\'], ['$HOME']])('%j survives the shell literally', (v) => {
    expect(shellArgs(posixQuote(v))).toEqual([v]);
  });

  it('quotes every element of an argv', () => {
    expect(posixCommand(['echo', "o'k", '$x'])).toBe(`'echo' 'o'\\''k' '$x'`);
    expect(() => posixCommand([])).toThrow(/empty/);
    expect(() => posixQuote('a\0b')).toThrow(/NUL/);
  });
});

describe('env over stdin', () => {
  it('exports the variables from stdin and keeps the rest of stdin for the command', () => {
    const out = execFileSync('sh', ['-c', withEnvFromStdin(['sh', '-c', 'printf "%s|" "$TOKEN" "$OTHER"; cat'])], { input: `${envPreamble({ TOKEN: 'a $(b) c', OTHER: "q'x" })}rest\n`, encoding: 'utf8' });
    expect(out).toBe(`a $(b) c|q'x|rest\n`);
  });

  it('refuses names and values that cannot travel as one line', () => {
    expect(() => envPreamble({ 'BAD-NAME': 'x' })).toThrow(/not an environment variable name/);
    expect(() => envPreamble({ OK: 'two\nlines' })).toThrow(/line break/);
  });
});

// The crash log records how opsdeck was called, but never an input value (a `secret: true`
// input given on the command line) nor a credential in the error.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { writeCrashLog, crashArgv } from '../../src/cli/report-error.js';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('crash log', () => {
  it('masks every input value in the recorded argv, and credential shapes in the error', () => {
    const saved = { argv: process.argv, state: process.env.OPSDECK_STATE_DIR };
    process.env.OPSDECK_STATE_DIR = tempDir();
    process.argv = [process.execPath, 'opsdeck', 'run', 'deploy', '--env', 'local', '--input', 'password=Hunter2-secret', '-i', 'token=tok-77-secret', '--input=key=k-99-secret', '-ipin=p-55-secret'];
    try {
      const file = writeCrashLog(new Error('boom at postgres://app:db-pw-secret@db/x'))!;
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('opsdeck run deploy --env local --input password=•••••• -i token=••••••');
      for (const leak of ['Hunter2', 'tok-77', 'k-99', 'p-55', 'db-pw']) expect(text).not.toContain(leak);
    } finally {
      process.argv = saved.argv;
      if (saved.state === undefined) delete process.env.OPSDECK_STATE_DIR;
      else process.env.OPSDECK_STATE_DIR = saved.state;
    }
  });

  it('leaves other arguments alone', () => {
    expect(crashArgv(['status', '--env', 'prod', '--json'])).toEqual(['status', '--env', 'prod', '--json']);
  });
});

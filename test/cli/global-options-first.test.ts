// `opsdeck --dir DIR COMMAND …` (global options first, as the brief and many operators write it)
// runs the command; it used to open the console, which said it needs a terminal. Without a
// command after the options it is still the console. Real binary.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';

afterAll(removeTempDirs);

describe('global options before the command', () => {
  const ops = tempDir('opsdeck-globals-');
  mkdirSync(join(ops, 'profiles'));
  writeFileSync(join(ops, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: {}\nservices: {}\n');
  const env = { OPSDECK_STATE_DIR: join(ops, '.state') };

  it('runs the command with the options', async () => {
    const v = await runCli(['--dir', ops, '--profile', 'p', 'validate'], env);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout + v.stderr).toMatch(/1 file\(s\) valid/);
    const s = await runCli(['--dir', ops, '-e', 'local', 'history', '--json'], env);
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ version: 1 });
  });

  it('without a command it is the console (which needs a terminal), and --logs takes its value', async () => {
    const r = await runCli(['--dir', ops, '--logs', 'status'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the console needs a terminal/);
  });
});

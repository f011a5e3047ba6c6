// Messages a newcomer meets first: a wrong option, and a headless command run outside an ops repo.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { REPO, ensureBuilt } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

function opsdeck(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  ensureBuilt();
  const { OPSDECK_DIR: _d, OPSDECK_PROFILE: _p, ...rest } = process.env;
  const r = spawnSync(process.execPath, [`${REPO}/bin/opsdeck.js`, ...args], { cwd, env: { ...rest, NO_COLOR: '1', OPSDECK_STATE_DIR: tempDir(), ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('usage messages', () => {
  it('opsdeck --bogus names the option once and points at opsdeck --help', () => {
    const r = opsdeck(['--bogus'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("opsdeck: Unknown option '--bogus'\nhint: see `opsdeck --help`\n");
  });

  it('a subcommand keeps its own name in the message', () => {
    const r = opsdeck(['status', '--bogus'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("opsdeck: status: Unknown option '--bogus'\nhint: see `opsdeck status --help`\n");
  });

  it.each([['status'], ['validate'], ['start', '--all'], ['run', 'backup', '--env', 'local'], ['logs', 'api']])('outside an ops repo, `%s` says so and exits 2 instead of using the embedded demo', (...args) => {
    const r = opsdeck(args, tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^opsdeck: no ops repo here: .* has no profiles\/ folder, and neither --dir nor OPSDECK_DIR is set\nhint: run it in your ops repo, pass --dir DIR, or add --demo to use the embedded demo\n$/);
    expect(r.stdout).toBe('');
  });

  it('with --demo it uses the embedded demo and says so', () => {
    const r = opsdeck(['validate', '--demo'], tempDir());
    expect(r.stderr).toContain(`opsdeck: no ops repo here; using the embedded demo (${REPO.replace(/\/$/, '')})`);
    expect(r.stderr).toMatch(/\d+ file\(s\) valid/);
    expect(r.code).toBe(0);
  });

  it('validate of named files needs no ops repo', () => {
    const r = opsdeck(['validate', `${REPO}/profiles/demo.yaml`], tempDir());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('1 file(s) valid\n');
  });
});

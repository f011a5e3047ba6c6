// The console runs with glibc malloc settings (MALLOC_ARENA_MAX=2, trim and mmap thresholds at
// 128 KB) unless the operator set any of their own: the launcher sets them for that process alone, and opsdeck takes it out again before it starts anything, so services
// and steps get the environment the operator had. A headless command runs without it.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

/** The environment the launcher gave node: a `node` first on PATH writes it, then runs the real one. */
function launchedEnv(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Record<string, string>> {
  const bin = tempDir('opsdeck-fake-node-');
  const out = join(bin, 'env.out');
  writeFileSync(join(bin, 'node'), `#!/bin/sh\nenv > '${out}'\nexec '${process.execPath}' "$@"\n`);
  chmodSync(join(bin, 'node'), 0o755);
  const full = { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}`, OPSDECK_STATE_DIR: tempDir('opsdeck-arenas-state-') };
  return new Promise((resolve) => {
    execFile(join(REPO, 'bin', 'opsdeck.js'), args, { env: full }, () => {
      resolve(Object.fromEntries(readFileSync(out, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
    });
  });
}

const MALLOC = ['MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_MMAP_THRESHOLD_', 'GLIBC_TUNABLES', 'OPSDECK_MALLOC_SET'];

describe('malloc settings for the console', () => {
  it('the launcher sets them (marked as its own) for the console, not for a headless command, and keeps any of the operator\'s own', async () => {
    const env = { ...process.env };
    for (const name of MALLOC) delete env[name];
    const console = await launchedEnv(['--dir', REPO, '--profile', 'demo'], env);
    expect([console.MALLOC_ARENA_MAX, console.MALLOC_TRIM_THRESHOLD_, console.MALLOC_MMAP_THRESHOLD_, console.OPSDECK_MALLOC_SET]).toEqual(['2', '131072', '131072', '1']);
    const headless = await launchedEnv(['validate', '--dir', REPO], env);
    expect(MALLOC.map((name) => headless[name])).toEqual(MALLOC.map(() => undefined));
    for (const [name, value] of [['MALLOC_ARENA_MAX', '4'], ['MALLOC_MMAP_THRESHOLD_', '65536'], ['GLIBC_TUNABLES', 'glibc.malloc.arena_max=1']]) {
      const own = await launchedEnv(['--dir', REPO, '--profile', 'demo'], { ...env, [name!]: value });
      expect(own[name!]).toBe(value);
      expect(MALLOC.filter((n) => n !== name).map((n) => own[n])).toEqual(MALLOC.filter((n) => n !== name).map(() => undefined));
    }
  });

  it('what opsdeck starts does not inherit the launcher\'s setting, and does inherit the operator\'s', async () => {
    const ops = tempDir('opsdeck-arenas-ops-');
    mkdirSync(join(ops, 'profiles'));
    mkdirSync(join(ops, 'runbooks'));
    writeFileSync(join(ops, 'profiles', 'shop.yaml'), 'name: shop\nenvironments:\n  local: {}\nservices: {}\n');
    writeFileSync(join(ops, 'runbooks', 'env.yaml'), 'name: env\nsteps:\n  - id: show\n    shell: \'echo "arenas=${MALLOC_ARENA_MAX:-none} trim=${MALLOC_TRIM_THRESHOLD_:-none} mmap=${MALLOC_MMAP_THRESHOLD_:-none} marker=${OPSDECK_MALLOC_SET:-none}"\'\n');
    const state = join(ops, '.state');
    const ours = await runCli(['run', 'env', '--env', 'local', '--dir', ops, '--yes'], { OPSDECK_STATE_DIR: state, MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '131072', OPSDECK_MALLOC_SET: '1' }, 60_000);
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toContain('arenas=none trim=none mmap=none marker=none');
    const theirs = await runCli(['run', 'env', '--env', 'local', '--dir', ops, '--yes'], { OPSDECK_STATE_DIR: state, MALLOC_ARENA_MAX: '2' }, 60_000);
    expect(theirs.stdout).toContain('arenas=2 trim=none mmap=none marker=none');
  }, 90_000);
});

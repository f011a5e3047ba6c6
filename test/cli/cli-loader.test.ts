// The CLI bundle's code cache (src/cli/cli-loader.ts) is only ever a faster start: the real binary
// writes one per command, keyed by the bundle's SHA-1; a damaged, stale or unwritable cache, or
// NODE_DISABLE_COMPILE_CACHE, changes nothing the command does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, ensureBuilt, runCli } from '../helpers/run-cli.js';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';

const bundleHash = () => createHash('sha1').update(readFileSync(join(REPO, 'dist', 'cli.cjs'))).digest('hex');
const validate = (cacheHome: string, env: NodeJS.ProcessEnv = {}) => runCli(['validate', '--dir', REPO], { XDG_CACHE_HOME: cacheHome, OPSDECK_STATE_DIR: tempDir('opsdeck-cache-state-'), ...env });
const cacheFiles = (cacheHome: string) => {
  try {
    return readdirSync(join(cacheHome, 'opsdeck')).filter((f) => f.endsWith('.v8cache'));
  } catch {
    return [];
  }
};

describe('the CLI code cache', () => {
  /** What validate prints without any cache: the output every run below must give. */
  let expected: { code: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    ensureBuilt();
    const r = await validate(tempDir('opsdeck-cache-ref-'), { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\d+ file\(s\) valid/);
    expected = r;
  });
  afterAll(() => removeTempDirs());

  it('is written per command, headed by the bundle hash, and the next start uses it with the same result', async () => {
    const home = tempDir('opsdeck-cache-');
    expect(await validate(home)).toEqual(expected);
    const files = cacheFiles(home);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^cli-validate-${process.version}-${process.arch}-[0-9a-f]{8}\\.v8cache$`));
    const written = readFileSync(join(home, 'opsdeck', files[0]!));
    expect(written.subarray(0, 40).toString('latin1')).toBe(bundleHash());
    expect(written.length).toBeGreaterThan(1000);
    expect(await validate(home)).toEqual(expected);
    // A cache V8 accepted is not rewritten.
    expect(readFileSync(join(home, 'opsdeck', files[0]!)).equals(written)).toBe(true);
  });

  it('a damaged or stale cache is compiled over and replaced; the command is unchanged', async () => {
    const home = tempDir('opsdeck-cache-');
    await validate(home);
    const file = join(home, 'opsdeck', cacheFiles(home)[0]!);
    writeFileSync(file, Buffer.concat([Buffer.from(bundleHash(), 'latin1'), Buffer.alloc(5000, 0x5a)]));
    expect(await validate(home)).toEqual(expected);
    expect(readFileSync(file).subarray(40, 5040).equals(Buffer.alloc(5000, 0x5a))).toBe(false);
    writeFileSync(file, Buffer.concat([Buffer.from('0'.repeat(40), 'latin1'), readFileSync(file).subarray(40)]));
    expect(await validate(home)).toEqual(expected);
    expect(readFileSync(file).subarray(0, 40).toString('latin1')).toBe(bundleHash());
  });

  it('a cache dir that cannot be created, or NODE_DISABLE_COMPILE_CACHE, only means no cache', async () => {
    const notADir = join(tempDir('opsdeck-cache-'), 'file');
    writeFileSync(notADir, 'not a directory');
    expect(await validate(notADir)).toEqual(expected);
    const home = tempDir('opsdeck-cache-');
    expect(await validate(home, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(expected);
    expect(cacheFiles(home)).toEqual([]);
  });
});

// The CLI bundle's code cache (src/cli/cli-loader.ts) is only ever a faster start: the real binary
// writes one per command, keyed by the bundle's SHA-1; a damaged, stale or unwritable cache, or
// NODE_DISABLE_COMPILE_CACHE, changes nothing the command does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { REPO, ensureBuilt, runCli } from '../helpers/run-cli.js';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { bundleHash as loaderHash } from '../../src/cli/cli-loader.js';
import { writeBundleKey } from '../../scripts/bundle-options.mjs';

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

describe("the code cache's key", () => {
  const sha1 = (b: Buffer | string) => createHash('sha1').update(b).digest('hex');
  afterAll(() => removeTempDirs());

  it('the build writes it beside the bundle, and a start takes it from there', () => {
    expect(JSON.parse(readFileSync(join(REPO, 'dist', 'cli.cjs.sha1'), 'utf8')).sha1).toBe(loaderHash(join(REPO, 'dist', 'cli.cjs'), readFileSync(join(REPO, 'dist', 'cli.cjs'))));
    const file = join(tempDir('opsdeck-bundle-key-'), 'cli.cjs');
    writeFileSync(file, 'module.exports = 1;');
    writeBundleKey(file);
    const key = JSON.parse(readFileSync(`${file}.sha1`, 'utf8'));
    expect(loaderHash(file, readFileSync(file))).toBe(sha1('module.exports = 1;'));
    // Read, not recomputed: a key file for this very size and mtime is believed.
    writeFileSync(`${file}.sha1`, JSON.stringify({ ...key, sha1: 'f'.repeat(40) }));
    expect(loaderHash(file, readFileSync(file))).toBe('f'.repeat(40));
  });

  it('changes when the bundle does, even to bytes of the same length (V8 itself checks only the length)', () => {
    const file = join(tempDir('opsdeck-bundle-key-'), 'cli.cjs');
    writeFileSync(file, 'module.exports = 1;');
    writeBundleKey(file);
    writeFileSync(file, 'module.exports = 2;');
    utimesSync(file, new Date(), new Date(Date.now() + 5000)); // another mtime even on a coarse clock
    expect(loaderHash(file, readFileSync(file))).toBe(sha1('module.exports = 2;'));
    writeBundleKey(file);
    expect(loaderHash(file, readFileSync(file))).toBe(sha1('module.exports = 2;'));
  });

  it('the built bundle is ASCII, so a start reads it as latin1 (a regex literal with a non-ASCII character makes it UTF-8: build the class from a string)', () => {
    const bytes = readFileSync(join(REPO, 'dist', 'cli.cjs'));
    const at = bytes.findIndex((b) => b > 0x7f);
    expect(at < 0 ? 'ascii' : bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8')).toBe('ascii');
  });

  it('a missing or damaged key file means the bundle is hashed', () => {
    const file = join(tempDir('opsdeck-bundle-key-'), 'cli.cjs');
    writeFileSync(file, 'module.exports = 3;');
    expect(loaderHash(file, readFileSync(file))).toBe(sha1('module.exports = 3;'));
    for (const damaged of ['{', '{"sha1":"zz","size":19}', 'null', JSON.stringify({ sha1: 'f'.repeat(40), size: '19', mtimeMs: 0 })]) {
      writeFileSync(`${file}.sha1`, damaged);
      expect(loaderHash(file, readFileSync(file))).toBe(sha1('module.exports = 3;'));
    }
  });
});

describe('the launcher (bin/opsdeck.js through its shebang)', () => {
  afterAll(() => removeTempDirs());
  /** Runs the launcher as a program; the code cache's file name tells the V8 flags node ran with. */
  const launch = (args: string[], cacheHome: string) =>
    new Promise<number>((resolve) => execFile(join(REPO, 'bin', 'opsdeck.js'), args, { env: { ...process.env, XDG_CACHE_HOME: cacheHome, OPSDECK_STATE_DIR: tempDir('opsdeck-launch-state-') } }, (e) => resolve(e ? Number(e.code) : 0)));
  const flagsKey = (flags: string) => createHash('sha1').update(flags).digest('hex').slice(0, 8);

  it('starts the console with the heap flags and a headless command without them', async () => {
    const home = tempDir('opsdeck-launch-cache-');
    expect(await launch(['--dir', REPO, '--profile', 'demo'], home)).toBe(2); // no terminal here: refused, after loading the CLI
    expect(await launch(['validate', '--dir', REPO], home)).toBe(0);
    expect(await launch(['--dir', REPO, 'history', '--json'], home)).toBe(0); // global options first: still the command
    // cli-ROLE-NODEVERSION-ARCH-FLAGS (the shebang runs the `node` on PATH, whichever version that is).
    const flagsOf = Object.fromEntries(cacheFiles(home).map((f) => [f.split('-')[1], f.replace(/\.v8cache$/, '').split('-').pop()]));
    expect(flagsOf).toEqual({ console: flagsKey('--max-semi-space-size=4 --heap-growing-percent=25'), validate: flagsKey(''), history: flagsKey('') });
  });
});

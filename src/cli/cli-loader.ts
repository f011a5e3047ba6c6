// Runs the CLI from dist/cli.cjs with V8's code cache: compiling Ink, React, yaml, zod and opsdeck
// is most of a cold start, and ES modules get no code cache on Node 20. The cache lives in
// $XDG_CACHE_HOME/opsdeck (else ~/.cache/opsdeck), one file per use (the console, or the command
// run: each compiles different parts), Node version, architecture and V8 flags, keyed by the
// bundle's SHA-1 (which the build writes beside it, see bundleHash): a rebuilt bundle or another Node finds no match and compiles afresh (V8 also
// refuses data made by another V8 or other flags). Without the bundle (an unbundled run) the
// CLI's modules are imported as before.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { laterOrAtExit } from '../adapters/process/later-or-at-exit.js';
import { commandAfterGlobals, findCommand } from './command-table.js';

/** The bundle's exports (src/cli/dispatch.ts). */
interface CliBundle {
  dispatch(argv: string[]): Promise<number>;
}

/** Written this long after start, so it holds what the first frame compiled (or at exit, if sooner). */
const CACHE_AFTER_MS = 1000;
const HASH_LENGTH = 40;

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // dist/cli/main.js or dist/chunks/*.js: the bundle is dist/cli.cjs.
  const bundle = fileURLToPath(new URL('../cli.cjs', import.meta.url));
  if (!existsSync(bundle)) return (await import('./dispatch.js')).dispatch(argv);
  return loadBundle(bundle, cacheRole(commandAfterGlobals(argv)?.[0] ?? argv[0]), env).dispatch(argv);
}

/** The console, or the command's name (anything else, e.g. a typo, shares one file). */
function cacheRole(first: string | undefined): string {
  if (first === undefined || first.startsWith('-')) return 'console';
  return findCommand(first)?.name ?? 'other';
}

function loadBundle(file: string, role: string, env: NodeJS.ProcessEnv): CliBundle {
  const bytes = readFileSync(file);
  const hash = bundleHash(file, bytes);
  const cacheFile = env.NODE_DISABLE_COMPILE_CACHE ? undefined : join(cacheHome(env), 'opsdeck', `cli-${role}-${process.version}-${process.arch}-${flagsKey()}.v8cache`);
  const cached = cacheFile ? readCache(cacheFile, hash) : undefined;
  // The same wrapper as a CommonJS module's, plus the bundle's import.meta.url.
  // An ASCII bundle (the build's: test/cli/cli-loader.test.ts) read as latin1: ~1.5 ms instead
  // of ~6.5 for UTF-8, and V8 keeps it as a one-byte string (2 MB, not 4, for the process's life).
  const text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const source = `(function (exports, require, module, __filename, __dirname, __opsdeckBundleUrl) {${text}\n})`;
  const script = new Script(source, { filename: file, cachedData: cached });
  const module = { exports: {} as CliBundle };
  const init = script.runInThisContext() as (...args: unknown[]) => void;
  init(module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href);
  if (cacheFile && (!cached || script.cachedDataRejected)) writeCacheLater(script, cacheFile, hash);
  return module.exports;
}

/**
 * The bundle's SHA-1: from FILE.sha1, which the build writes (scripts/bundle-options.mjs
 * writeBundleKey), when it was taken of a file of this size and mtime; else hashed here (3-5 ms
 * of every start). V8 itself only checks a cache against the source's length, so the key must
 * change whenever the bytes do: a bundle edited or copied after the build has another mtime.
 */
export function bundleHash(file: string, bytes: Buffer): string {
  try {
    const key = JSON.parse(readFileSync(`${file}.sha1`, 'utf8')) as { sha1?: unknown; size?: unknown; mtimeMs?: unknown };
    const { size, mtimeMs } = statSync(file);
    if (typeof key.sha1 === 'string' && /^[0-9a-f]{40}$/.test(key.sha1) && key.size === size && key.size === bytes.length && key.mtimeMs === mtimeMs) return key.sha1;
  } catch {
    /* no key file, or a damaged one: hash the bundle */
  }
  return createHash('sha1').update(bytes).digest('hex');
}

/** V8 refuses a cache made under other flags: the launcher's and a bare `node bin/opsdeck.js` each keep their own. */
function flagsKey(): string {
  return createHash('sha1').update(process.execArgv.join(' ')).digest('hex').slice(0, 8);
}

function cacheHome(env: NodeJS.ProcessEnv): string {
  return env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
}

function readCache(file: string, hash: string): Buffer | undefined {
  try {
    const data = readFileSync(file);
    return data.subarray(0, HASH_LENGTH).toString('latin1') === hash ? data.subarray(HASH_LENGTH) : undefined;
  } catch {
    return undefined;
  }
}

/** Once, after CACHE_AFTER_MS or at exit; a cache that cannot be written is only a slower start. */
function writeCacheLater(script: Script, file: string, hash: string): void {
  laterOrAtExit(() => {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([Buffer.from(hash, 'latin1'), script.createCachedData()]), { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      /* read-only or full cache dir: the next start compiles again */
    }
  }, CACHE_AFTER_MS);
}

// Bundles the real CLI (plus any test child entry points) into a folder inside the repo (so
// node_modules and the demo resolve as in dist/). Tests then run the real binary as child
// processes without depending on, or racing over, `npm run build`. The bundle is shared: one
// per source (src/, lockfile, bundle options, test/helpers) and set of extra entries, built by
// whichever worker asks first, so a run (and the CI's runs on other Node versions, whose bundles
// are the same bytes) builds it once instead of once per test file.
import { build } from 'esbuild';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILD_ID, bundleOptions, cliBundleOptions, cliBundleEntry, writeBundleKey } from '../../scripts/bundle-options.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const BUILDS = join(root, '.test-build');
/** Shared bundles older than this are removed when another is built (a source edit makes a new one). */
const STALE_MS = 24 * 60 * 60_000;
const built = new Map<string, Promise<string>>();

export interface BuiltCli {
  /** Absolute path of the bundled cli/main.js: run it with process.execPath. */
  main: string;
  dir: string;
  entry(name: string): string;
}

export async function buildCli(extra: Record<string, string> = {}): Promise<BuiltCli> {
  const key = bundleKey(extra);
  let dir = built.get(key);
  if (!dir) {
    dir = sharedBundle(key, extra);
    built.set(key, dir);
  }
  const d = await dir;
  return { dir: d, main: join(d, 'cli', 'main.js'), entry: (name) => join(d, `${name}.js`) };
}

/** The extra entries import test helpers, which import src/: both are part of what is built. */
function bundleKey(extra: Record<string, string>): string {
  const hash = createHash('sha1').update(BUILD_ID).update(JSON.stringify(Object.entries(extra).sort()));
  const helpers = join(root, 'test', 'helpers');
  for (const f of readdirSync(helpers).sort()) hash.update(`${f}\0`).update(readFileSync(join(helpers, f)));
  return hash.digest('hex').slice(0, 16);
}

async function sharedBundle(key: string, extra: Record<string, string>): Promise<string> {
  const dir = join(BUILDS, `shared-${key}`);
  if (existsSync(join(dir, 'cli.cjs.sha1'))) return dir;
  pruneStale();
  // Built aside and renamed into place whole: a reader never sees half a bundle; of two workers
  // building at once, the second's rename fails on the first's folder and it uses that one.
  const tmp = join(BUILDS, `building-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await build({
      ...bundleOptions,
      entryPoints: { 'cli/main': join(root, 'src/cli/main.ts'), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, join(root, v)])) },
      outdir: tmp,
    });
    // The CLI as operators run it: one CommonJS file loaded with V8's code cache.
    await build({ ...cliBundleOptions, entryPoints: Object.fromEntries(Object.entries(cliBundleEntry).map(([k, v]) => [k, join(root, v)])), outdir: tmp });
    writeBundleKey(join(tmp, 'cli.cjs'));
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (!existsSync(join(dir, 'cli.cjs.sha1'))) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

function pruneStale(): void {
  for (const name of existsSync(BUILDS) ? readdirSync(BUILDS) : []) {
    const path = join(BUILDS, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another worker removed it first.
    }
  }
}

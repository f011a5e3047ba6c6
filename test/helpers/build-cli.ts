// Bundles the real CLI (plus any test child entry points) once per test worker, into a private
// folder inside the repo (so node_modules and the demo resolve as in dist/). Tests then run the
// real binary as child processes without depending on, or racing over, `npm run build`.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { bundleOptions, cliBundleOptions, cliBundleEntry, writeBundleKey } from '../../scripts/bundle-options.mjs';

const root = resolve(import.meta.dirname, '..', '..');
let built: Promise<string> | undefined;

export interface BuiltCli {
  /** Absolute path of the bundled cli/main.js: run it with process.execPath. */
  main: string;
  dir: string;
  entry(name: string): string;
}

export async function buildCli(extra: Record<string, string> = {}): Promise<BuiltCli> {
  built ??= (async () => {
    const dir = join(root, '.test-build', `${process.pid}-${randomBytes(3).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    await build({
      ...bundleOptions,
      entryPoints: { 'cli/main': join(root, 'src/cli/main.ts'), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, join(root, v)])) },
      outdir: dir,
    });
    // The CLI as operators run it: one CommonJS file loaded with V8's code cache.
    await build({ ...cliBundleOptions, entryPoints: Object.fromEntries(Object.entries(cliBundleEntry).map(([k, v]) => [k, join(root, v)])), outdir: dir });
    writeBundleKey(join(dir, 'cli.cjs'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  const dir = await built;
  return { dir, main: join(dir, 'cli', 'main.js'), entry: (name) => join(dir, `${name}.js`) };
}

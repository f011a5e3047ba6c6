// Bundles the CLI (with the UI as a lazily loaded chunk), the detached runner and the demo
// services. Bundling cuts cold start: resolving hundreds of small ESM files dominates it.
import { build } from 'esbuild';
import { readdirSync, existsSync, rmSync, statSync } from 'node:fs';
import { bundleOptions, cliBundleOptions, cliBundleEntry, writeBundleKey } from './bundle-options.mjs';
import { inkInternalsProblems } from './ink-internals.mjs';

// The console bundles its own frame buffer in place of Ink's: refuse to build against an Ink it
// was not written for (scripts/ink-internals.mjs says what to re-check).
const inkProblems = inkInternalsProblems();
if (inkProblems.length) {
  process.stderr.write(`build: Ink's internals are not those src/ui/ink/sparse-output.ts was written against:\n${inkProblems.map((p) => `  - ${p}`).join('\n')}\n` +
    'Re-read the listed Ink files against sparse-output.ts, then update PINNED and INK_FILES in scripts/ink-internals.mjs.\n');
  process.exit(1);
}

const result = await build({
  ...bundleOptions,
  entryPoints: {
    'cli/main': 'src/cli/main.ts',
    'tools/write-schemas': 'src/cli/write-schemas.ts',
    'demo/demo-service': 'src/demo/demo-service.ts',
    // Standalone log viewer for pty measurements (ttybench) of the logs screen.
    'tools/logs-view': 'src/ui/tools/logs-view.tsx',
    // Benchmarks: bench/NAME.ts → dist/bench/NAME.js, run by `npm run bench`.
    ...Object.fromEntries(
      (existsSync('bench') ? readdirSync('bench') : []).filter((f) => f.endsWith('.ts')).map((f) => [`bench/${f.replace(/\.ts$/, '')}`, `bench/${f}`]),
    ),
  },
  outdir: 'dist',
  sourcemap: 'linked',
  metafile: true,
});
// The CLI as one CommonJS file for V8's code cache (src/cli/cli-loader.ts).
await build({ ...cliBundleOptions, entryPoints: cliBundleEntry, outdir: 'dist', sourcemap: 'linked' });
writeBundleKey('dist/cli.cjs');

// The masking writer that runs beside every process service: one small file of its own (no
// shared chunks to load), so each costs little more than Node itself (bench masking-writer).
await build({ ...bundleOptions, splitting: false, entryPoints: { 'tools/service-log': 'src/cli/service-log-main.ts' }, outdir: 'dist', sourcemap: 'linked' });

// Old chunks are pruned only once no running opsdeck can still need them: a console or runner
// started from the previous build imports its chunks lazily (the UI, commands) by their hashed
// names, and tests rebuild while other tests' consoles run.
const fresh = new Set(Object.keys(result.metafile.outputs).map((f) => f.replace(/\.map$/, '')));
const chunkDir = 'dist/chunks';
const hour = 60 * 60 * 1000;
for (const f of existsSync(chunkDir) ? readdirSync(chunkDir) : []) {
  const path = `${chunkDir}/${f}`;
  if (!fresh.has(path.replace(/\.map$/, '')) && Date.now() - statSync(path).mtimeMs > 24 * hour) rmSync(path, { force: true });
}


// The JSON Schemas ship in the package, generated from the same zod code that validates.
const { execFileSync } = await import('node:child_process');
execFileSync(process.execPath, ['dist/tools/write-schemas.js'], { stdio: 'inherit' });

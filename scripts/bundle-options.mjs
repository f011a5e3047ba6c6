// How opsdeck is bundled: shared by the build (scripts/build.mjs) and the tests' private bundles
// (test/helpers/build-cli.ts), so both run the same code the same way.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const sparseOutput = fileURLToPath(new URL('../src/ui/ink/sparse-output.ts', import.meta.url));

/**
 * Ink's renderer gets our frame buffer instead of its own (see src/ui/ink/sparse-output.ts).
 * The build fails if Ink's renderer no longer imports './output.js', so an Ink upgrade cannot
 * silently drop the swap.
 * @type {import('esbuild').Plugin}
 */
const inkSparseOutput = {
  name: 'ink-sparse-output',
  setup(build) {
    let swapped = false;
    build.onResolve({ filter: /^\.\/output\.js$/ }, (args) => {
      if (!/[\\/]ink[\\/]build[\\/]renderer\.js$/.test(args.importer)) return undefined;
      swapped = true;
      return { path: sparseOutput };
    });
    build.onEnd((result) => {
      const usesInk = Object.keys(result.metafile?.inputs ?? {}).some((f) => f.includes('node_modules/ink/'));
      if (usesInk && !swapped) result.errors.push({ text: "ink-sparse-output: Ink's renderer no longer imports ./output.js; check src/ui/ink/sparse-output.ts against the new Ink" });
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // dockerode pulls ssh2 with optional native addons: load it from node_modules at run time.
  external: ['dockerode', 'cpu-features', 'ssh2', 'react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"', __OPSDECK_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies call require(); ESM output has none of its own.
  banner: { js: "import { createRequire as __opsdeckCreateRequire } from 'node:module';\nconst require = __opsdeckCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
  plugins: [inkSparseOutput],
};

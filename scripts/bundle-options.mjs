// How opsdeck is bundled: shared by the build (scripts/build.mjs) and the tests' private bundles
// (test/helpers/build-cli.ts), so both run the same code the same way.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

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

/**
 * Start-up weight that opsdeck never uses (measured on the built bundle, issue 10):
 * - zod re-exports all ~70 message locales (~366 KB of code to compile on every start); opsdeck
 *   only ever uses English, which zod registers itself, so `z.locales` is English alone here.
 * - yaml's Node build is CommonJS and reads process.env.LOG_TOKENS for every token (~12 % of
 *   parsing a large profile); its ESM build is the same code without those reads and lets the
 *   bundler drop what is unused. The tests (vitest, unbundled) run yaml's Node build.
 * - Yoga's wasm loader asks `typeof fetch` before it decodes its inline (base64) wasm; in Node
 *   that getter loads undici (~10-20 ms) for nothing. The loader never fetches here: the wasm is
 *   inline, so the check is answered "no fetch" at build time.
 * @type {import('esbuild').Plugin}
 */
const leanDependencies = {
  name: 'lean-dependencies',
  setup(build) {
    let zodLocales = false;
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)) return undefined;
      zodLocales = true;
      return { path: 'zod-locales-en', namespace: 'lean-dependencies', pluginData: { resolveDir: args.resolveDir } };
    });
    build.onLoad({ filter: /^zod-locales-en$/, namespace: 'lean-dependencies' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
    }));
    // yaml's exports map offers the ESM build only to non-Node conditions: point at it directly.
    build.onResolve({ filter: /^yaml$/ }, async (args) => {
      const pkgJson = await build.resolve('yaml/package.json', { kind: args.kind, resolveDir: args.resolveDir });
      return pkgJson.errors.length ? undefined : { path: join(dirname(pkgJson.path), 'browser', 'index.js') };
    });
    let yogaPatched = false;
    build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const check = '"function"!=typeof fetch';
      if (!text.includes(check)) return undefined;
      yogaPatched = true;
      return { contents: text.split(check).join('!0'), loader: 'js' };
    });
    build.onEnd((result) => {
      const usesYoga = Object.keys(result.metafile?.inputs ?? {}).some((f) => f.includes('node_modules/yoga-layout/'));
      if (usesYoga && !yogaPatched) result.errors.push({ text: "lean-dependencies: Yoga's wasm loader no longer checks `typeof fetch`; check the patch against the new yoga-layout" });
      const usesZod = Object.keys(result.metafile?.inputs ?? {}).some((f) => f.includes('node_modules/zod/'));
      if (usesZod && !zodLocales) result.errors.push({ text: 'lean-dependencies: zod no longer imports ../locales/index.js; check the locale trim against the new zod' });
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
  // Less to read and compile on every start (identifiers keep their names: stack traces and
  // class names in messages stay readable; the source map maps back).
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
  plugins: [inkSparseOutput, leanDependencies],
};

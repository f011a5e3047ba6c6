// How opsdeck is bundled: shared by the build (scripts/build.mjs) and the tests' private bundles
// (test/helpers/build-cli.ts), so both run the same code the same way.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

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
};

// How opsdeck is bundled: shared by the build (scripts/build.mjs) and the tests' private bundles
// (test/helpers/build-cli.ts), so both run the same code the same way.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * What the bundle is made from, as one hash: every file under src/, the lockfile (dependency
 * versions) and these options. The same sources give the same id (an unchanged rebuild keeps
 * what was cached), any change another (src/adapters/fs/profile-cache.ts keys on it).
 */
function sourceId() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha1');
  const files = readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? d.path, d.name))
    .sort();
  for (const f of [...files, join(root, 'package-lock.json'), fileURLToPath(import.meta.url)]) {
    hash.update(`${f.slice(root.length)}\0`);
    try {
      hash.update(readFileSync(f));
    } catch {
      hash.update('(none)');
    }
  }
  return hash.digest('hex');
}

const sparseOutput = fileURLToPath(new URL('../src/ui/ink/sparse-output.ts', import.meta.url));
const narrowWidthModule = fileURLToPath(new URL('../src/ui/paint/narrow-width.ts', import.meta.url));
const keyFrameModule = fileURLToPath(new URL('../src/ui/ink/key-frame.ts', import.meta.url));

/**
 * Every `import 'string-width'` (Ink, wrap-ansi, cli-truncate, widest-line, opsdeck's own) gets
 * string-width behind src/ui/paint/narrow-width.ts: text of one-column characters is answered by
 * counting them, anything else by the real string-width of the importer's version, which is only
 * loaded (its segmenter and emoji regexes built) on its first such call. A first frame used to
 * spend ~20 ms compiling `\p{RGI_Emoji}` for a ▶. The build fails on a string-width major the
 * table was not checked against (test/ui/paint/narrow-width.test.ts).
 * @type {import('esbuild').Plugin}
 */
const fastStringWidth = {
  name: 'fast-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.realStringWidth) return undefined;
      const real = await build.resolve('string-width', { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { realStringWidth: true } });
      if (real.errors.length) return undefined;
      const version = JSON.parse(await readFile(join(dirname(real.path), 'package.json'), 'utf8')).version;
      const major = Number(String(version).split('.')[0]);
      if (major !== 7 && major !== 8) return { errors: [{ text: `fast-string-width: string-width ${version} (for ${args.importer}): check src/ui/paint/narrow-width.ts's tables against it, then allow its major here` }] };
      return { path: real.path, namespace: 'fast-string-width', pluginData: { major } };
    });
    build.onLoad({ filter: /.*/, namespace: 'fast-string-width' }, (args) => ({
      contents:
        `import { narrowWidth } from ${JSON.stringify(narrowWidthModule)};\n` +
        'let real;\n' +
        'export default function stringWidth(text, options) {\n' +
        `  const width = narrowWidth(text, options, ${args.pluginData.major});\n` +
        `  return width >= 0 ? width : (real ??= require(${JSON.stringify(args.path)}).default)(text, options);\n` +
        '}\n',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

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
 * Ink 6.8's useInput crashed the console on an escape sequence it has no name for (a pasted
 * colour code such as ESC[31m or ESC[1;31m): parse-keypress reads the sequence's parameter as a
 * key modifier, so 31 - 1 sets ctrl, and useInput then takes the key's name, undefined, as the
 * input and calls input.startsWith() on it (exit 70). Such a sequence now reaches the handler as
 * no input at all (opsdeck drops it, src/ui/keys/use-key-layer.tsx): ESC[m and ESC[2J, which
 * Ink used to pass on as the text "[m" / "[2J", are ignored the same way. The build fails if
 * useInput no longer reads the name that way, so an Ink upgrade cannot silently drop the fix.
 * @type {import('esbuild').Plugin}
 */
const inkUnknownEscape = {
  name: 'ink-unknown-escape',
  setup(build) {
    const from = '            else if (keypress.ctrl) {\n                input = keypress.name;\n            }';
    // `code` is set only for an escape sequence (parse-keypress's fnKeyRe branch); a known one has a name.
    const to = "            else if (keypress.code !== undefined && !keypress.name) {\n                input = '';\n            }\n            else if (keypress.ctrl) {\n                input = keypress.name ?? '';\n            }";
    let patched = false;
    build.onLoad({ filter: /[\\/]ink[\\/]build[\\/]hooks[\\/]use-input\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(from)) return undefined;
      patched = true;
      return { contents: text.replace(from, to), loader: 'js' };
    });
    build.onEnd((result) => {
      const usesInput = Object.keys(result.metafile?.inputs ?? {}).some((f) => /node_modules\/ink\/build\/hooks\/use-input\.js$/.test(f));
      if (usesInput && !patched) result.errors.push({ text: "ink-unknown-escape: Ink's useInput no longer takes `keypress.name` as the input of a ctrl key; check the unknown-escape fix against the new Ink" });
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
 * With `syncStart` (the console's CommonJS bundle, which cannot hold a top-level await):
 * - Yoga is instantiated synchronously from its wasm bytes (decoded by Buffer, not a JS loop)
 *   through emscripten's `instantiateWasm` hook, instead of `await loadYoga()`;
 * - Ink's two top-level awaits, both only taken with DEV=true (React devtools, which opsdeck
 *   does not ship), answer as if devtools were not installed.
 * @param {{ syncStart?: boolean }} [options]
 * @returns {import('esbuild').Plugin}
 */
function leanDependencies({ syncStart = false } = {}) {
  return {
    name: 'lean-dependencies',
    setup(build) {
      let zodLocales = false;
      const patched = new Set();
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
      /** Replaces each `from` (which must be there) in the file; records the patch as done. */
      const patch = (name, filter, replacements) =>
        build.onLoad({ filter }, async (args) => {
          let text = await readFile(args.path, 'utf8');
          for (const [from, to] of replacements) {
            if (!(typeof from === 'string' ? text.includes(from) : from.test(text))) return undefined;
            text = typeof from === 'string' ? text.split(from).join(to) : text.replace(from, to);
          }
          if (name === 'yoga-fetch' && syncStart) {
            // The wasm bytes leave the emscripten factory for index.js's synchronous instantiation.
            const b64 = text.match(wasmData)?.[1];
            if (!b64) return undefined;
            text = text.replace(wasmData, '"data:application/octet-stream;base64,"') + `\nexport const wasmBase64 = ${JSON.stringify(b64)};\n`;
          }
          patched.add(name);
          return { contents: text, loader: 'js' };
        });
      const wasmData = /"data:application\/octet-stream;base64,([^"]+)"/;
      // A frame answering a key skips Ink's frame throttle (src/ui/ink/key-frame.ts).
      patch('ink-key-frame', /[\\/]ink[\\/]build[\\/]ink\.js$/, [
        ["import process from 'node:process';", `import process from 'node:process';\nimport { takeKeyFrame as __opsdeckTakeKeyFrame, drawKeyFrameSoon as __opsdeckDrawKeyFrameSoon } from ${JSON.stringify(keyFrameModule)};`],
        [
          '                this.hasPendingThrottledRender = true;\n                throttled();\n            };',
          '                this.hasPendingThrottledRender = true;\n                if (__opsdeckTakeKeyFrame()) __opsdeckDrawKeyFrameSoon(() => {\n                    throttled();\n                    throttled.flush();\n                });\n                else throttled();\n            };',
        ],
      ]);
      patch('yoga-fetch', /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, [
        ['"function"!=typeof fetch', '!0'],
      ]);
      if (syncStart) {
        patch('yoga-sync', /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/, [
          ["import loadYoga from '../binaries/yoga-wasm-base64-esm.js';", "import loadYoga, { wasmBase64 } from '../binaries/yoga-wasm-base64-esm.js';"],
          [
            'const Yoga = wrapAssembly(await loadYoga());',
            // emscripten fills the module object synchronously once instantiateWasm hands it the instance.
            'const yogaModule = { instantiateWasm(imports, receive) { const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasmBase64, "base64")), imports); receive(instance); return instance.exports; } };\n' +
              'void loadYoga(yogaModule);\nconst Yoga = wrapAssembly(yogaModule);',
          ],
        ]);
        patch('ink-sync', /[\\/]ink[\\/]build[\\/]reconciler\.js$/, [
          ["await import('./devtools.js');", "throw Object.assign(new Error('react-devtools-core is not bundled'), { code: 'ERR_MODULE_NOT_FOUND' });"],
          ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
        ]);
      }
      build.onEnd((result) => {
        const inputs = Object.keys(result.metafile?.inputs ?? {});
        const uses = (pkg) => inputs.some((f) => f.includes(`node_modules/${pkg}/`));
        const expected = [
          ['yoga-fetch', 'yoga-layout', "Yoga's wasm loader no longer checks `typeof fetch` or holds its wasm inline"],
          ['ink-key-frame', 'ink', "Ink's throttled onRender is no longer `throttled()` after hasPendingThrottledRender"],
          ...(syncStart ? [['yoga-sync', 'yoga-layout', "yoga-layout's index no longer awaits loadYoga()"], ['ink-sync', 'ink', "Ink's reconciler no longer has the two DEV-only top-level awaits"]] : []),
        ];
        for (const [name, pkg, what] of expected) if (uses(pkg) && !patched.has(name)) result.errors.push({ text: `lean-dependencies: ${what}; check the patch against the new ${pkg}` });
        if (uses('zod') && !zodLocales) result.errors.push({ text: 'lean-dependencies: zod no longer imports ../locales/index.js; check the locale trim against the new zod' });
      });
    },
  };
}

/** What this build is made from (sourceId), as the bundle's __OPSDECK_BUILD_ID__ says. */
export const BUILD_ID = sourceId();

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
  define: { 'process.env.NODE_ENV': '"production"', __OPSDECK_VERSION__: JSON.stringify(pkg.version), __OPSDECK_BUILD_ID__: JSON.stringify(BUILD_ID) },
  // Bundled CommonJS dependencies call require(); ESM output has none of its own.
  banner: { js: "import { createRequire as __opsdeckCreateRequire } from 'node:module';\nconst require = __opsdeckCreateRequire(import.meta.url);" },
  // Less to read and compile on every start (identifiers keep their names: stack traces and
  // class names in messages stay readable; the source map maps back).
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
  plugins: [inkSparseOutput, inkUnknownEscape, fastStringWidth, leanDependencies()],
};

/**
 * The CLI (the console and every command) as one CommonJS file, dist/cli.cjs:
 * src/cli/cli-loader.ts compiles it with V8's code cache, which ES modules cannot use on
 * Node 20 (module.enableCompileCache is Node 22.1+). Lazily imported parts stay lazy: esbuild
 * initialises a dynamically imported module on first use. `import.meta.url` is the bundle's URL,
 * handed in by the loader.
 * @type {import('esbuild').BuildOptions}
 */
export const cliBundleOptions = {
  ...bundleOptions,
  splitting: false,
  format: 'cjs',
  banner: undefined,
  entryNames: '[name]',
  outExtension: { '.js': '.cjs' },
  define: { ...bundleOptions.define, 'import.meta.url': '__opsdeckBundleUrl' },
  plugins: [inkSparseOutput, inkUnknownEscape, fastStringWidth, leanDependencies({ syncStart: true })],
};

/** Entry point of the CLI bundle (see cliBundleOptions). */
export const cliBundleEntry = { cli: 'src/cli/dispatch.ts' };

/**
 * Beside the CLI bundle, its SHA-1 with the size and mtime it was taken at (FILE.sha1, JSON), so
 * that a start need not hash 2 MB to key its code cache (src/cli/cli-loader.ts bundleHash, which
 * hashes the bundle itself when this is missing or does not match the file's size and mtime).
 * @param {string} file the bundle (dist/cli.cjs)
 */
export function writeBundleKey(file) {
  const bytes = readFileSync(file);
  const { size, mtimeMs } = statSync(file);
  writeFileSync(`${file}.sha1`, JSON.stringify({ sha1: createHash('sha1').update(bytes).digest('hex'), size, mtimeMs }) + '\n');
}

// Preloaded with `node --import` by tests that check what a command loads: records every bare
// package a module imports (resolve hook) or requires (the CLI bundle, dist/cli.cjs, loads its
// external packages with require) in the file named by OPSDECK_TEST_IMPORTS.
import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';

const file = process.env.OPSDECK_TEST_IMPORTS;
register('./import-recorder-hooks.mjs', import.meta.url, { data: { file } });

const isPackage = (s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !s.startsWith('file:') && !Module.isBuiltin(s);
const load = Module._load;
Module._load = function (request, ...rest) {
  if (file && typeof request === 'string' && isPackage(request)) appendFileSync(file, `${request}\n`);
  return load.call(this, request, ...rest);
};

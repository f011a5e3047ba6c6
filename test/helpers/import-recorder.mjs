// Preloaded with `node --import` by tests that check what a command loads: records every bare
// package a module imports (resolve hook) in the file named by OPSDECK_TEST_IMPORTS.
import { register } from 'node:module';

register('./import-recorder-hooks.mjs', import.meta.url, { data: { file: process.env.OPSDECK_TEST_IMPORTS } });

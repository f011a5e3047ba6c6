// src/ui/ink/sparse-output.ts replaces Ink's internal frame buffer (build/output.js) and was
// written against exactly these versions. The build stops when the installed Ink, or a library
// the buffer shares with Ink, is not that version, or when an Ink file that defines or calls the
// buffer's interface (new Output({width, height}), write/clip/unclip/get) differs from the one
// read: then re-read those files against sparse-output.ts and record the new versions and hashes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Exact versions, also pinned in package.json. */
export const PINNED = { ink: '6.8.0', 'slice-ansi': '8.0.0', 'string-width': '8.3.0', '@alcalzone/ansi-tokenize': '0.2.5' };

/** sha256 of the Ink 6.8.0 files sparse-output.ts stands in for or is called by. */
export const INK_FILES = {
  'build/output.js': 'de9078c7fc647c40cf9e32d6658fcbbee91dae9e3f6334e5f4ebfc5905fc401d',
  'build/renderer.js': '9e72b27731c38daac7e9f978e24f7bf1210c5cc26bf973e30f08c3ad4a9fe374',
  'build/render-node-to-output.js': 'd0c06d2474bd6338fa807ba0a0a39fb713a197df38c7a266b9316c6dd80b3297',
  'build/render-border.js': '719f6c14e637eadca5f8fa9a63a235959d78d651008249ae3d22b22351997118',
  'build/render-background.js': '186e92b788e15334b3f6d8f997cae8d51a5efcb734495cfdc233aa8a416b3650',
};

/** Problems, one sentence each; empty when the installed Ink is the one sparse-output.ts was written against. */
export function inkInternalsProblems(root = new URL('..', import.meta.url)) {
  const problems = [];
  for (const [name, want] of Object.entries(PINNED)) {
    const pkg = JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, root), 'utf8'));
    const declared = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).dependencies[name];
    if (pkg.version !== want) problems.push(`${name} ${pkg.version} is installed; src/ui/ink/sparse-output.ts was written against ${want}`);
    if (declared !== want) problems.push(`package.json asks for ${name} "${declared}"; it must stay pinned to exactly "${want}"`);
  }
  for (const [file, want] of Object.entries(INK_FILES)) {
    const got = createHash('sha256').update(readFileSync(new URL(`node_modules/ink/${file}`, root))).digest('hex');
    if (got !== want) problems.push(`node_modules/ink/${file} changed (sha256 ${got.slice(0, 12)}…, expected ${want.slice(0, 12)}…)`);
  }
  return problems;
}

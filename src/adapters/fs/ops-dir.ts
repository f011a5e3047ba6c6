// Finds the ops directory (profiles/ and runbooks/) and lists what it holds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpsDir } from '../../domain/profile/ops-dir.js';

/** The package's own root, where the embedded demo lives. */
export function packageRoot(): string {
  // dist/cli/main.js or dist/chunks/x.js → two levels up; src/adapters/fs/x.ts in tests → three.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'profiles'))) return dir;
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export type { OpsDir };

/**
 * The embedded demo's services take DEMO_API_TOKEN from opsdeck's environment (inherit_env);
 * `npm start` and an embedded-demo console give them this public value when it is unset.
 */
export const DEMO_PUBLIC_TOKEN = 'demo-token-4f9c2a7e1b';

/** For the package's own demo (embedded, or the clone's `--dir .`): the public token when unset. */
export function withDemoDefaults(ops: OpsDir, env: NodeJS.ProcessEnv): void {
  if ((ops.embedded || resolve(ops.root) === packageRoot()) && !env.DEMO_API_TOKEN) env.DEMO_API_TOKEN = DEMO_PUBLIC_TOKEN;
}

/** --dir, then OPSDECK_DIR, then the current directory if it has profiles/, else the demo. */
export function resolveOpsDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): OpsDir {
  const chosen = explicit ?? env.OPSDECK_DIR;
  if (chosen) return { root: resolve(cwd, chosen), embedded: false };
  if (existsSync(join(cwd, 'profiles'))) return { root: cwd, embedded: false };
  return { root: packageRoot(), embedded: true };
}

export function listYamlFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f));
}

export function profileFiles(root: string): string[] {
  return listYamlFiles(join(root, 'profiles'));
}

export function runbookFiles(root: string): string[] {
  return listYamlFiles(join(root, 'runbooks'));
}

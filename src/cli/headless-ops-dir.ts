// The ops dir of a headless command. Outside an ops repo (no profiles/ here, no --dir, no
// OPSDECK_DIR) a script must not silently act on the embedded demo: it is a usage error
// unless --demo says that is what is wanted, and then stderr says so.
import { UsageError } from '../domain/errors.js';
import { resolveOpsDir, withDemoDefaults, type OpsDir } from '../adapters/fs/ops-dir.js';
import type { GlobalValues } from './cli-args.js';

export function headlessOpsDir(values: GlobalValues, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), stderr: NodeJS.WritableStream = process.stderr): OpsDir {
  const ops = resolveOpsDir(values.dir, env, cwd);
  withDemoDefaults(ops, env);
  if (!ops.embedded) return ops;
  if (!values.demo) {
    throw new UsageError(`no ops repo here: ${cwd} has no profiles/ folder, and neither --dir nor OPSDECK_DIR is set`, 'run it in your ops repo, pass --dir DIR, or add --demo to use the embedded demo');
  }
  stderr.write(`opsdeck: no ops repo here; using the embedded demo (${ops.root})\n`);
  return ops;
}

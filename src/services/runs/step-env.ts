// Environment every step process gets besides inputs and vars: how to call opsdeck itself
// (e.g. `"$OPSDECK_NODE" "$OPSDECK_CLI" mask`) and where run state lives.
import { join } from 'node:path';
import { packageRoot } from '../../adapters/fs/ops-dir.js';
import { stateDir } from '../../adapters/fs/state-dir.js';

export function standardStepEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { OPSDECK_NODE: process.execPath, OPSDECK_CLI: join(packageRoot(), 'bin', 'opsdeck.js'), OPSDECK_STATE_DIR: stateDir(env) };
}

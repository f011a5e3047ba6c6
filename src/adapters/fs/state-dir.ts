// Where run state lives: OPSDECK_STATE_DIR, else $XDG_STATE_HOME/opsdeck, else ~/.local/state/opsdeck.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OPSDECK_STATE_DIR) return env.OPSDECK_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'opsdeck');
}

/** A subfolder of the state dir, created private (0700) on first use. */
export function stateSubdir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = join(stateDir(env), name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

// What headless commands share: the ops dir, the chosen profile and environment, output style.
import type { Environment, Profile } from '../domain/profile/profile-model.js';
import type { OpsDir } from '../adapters/fs/ops-dir.js';
import { headlessOpsDir } from './headless-ops-dir.js';
import { selectProfile } from '../adapters/fs/profile-loader.js';
import { pickEnvironment } from '../domain/profile/pick-environment.js';
import type { GlobalValues } from './cli-args.js';

export interface ProfileContext {
  ops: OpsDir;
  profile: Profile;
  environment: Environment;
}

export function loadContext(values: GlobalValues, env: NodeJS.ProcessEnv = process.env): ProfileContext {
  const ops = headlessOpsDir(values, env);
  const profile = selectProfile(ops.root, values.profile ?? env.OPSDECK_PROFILE);
  const environment = pickEnvironment(profile, values.env ?? env.OPSDECK_ENV);
  return { ops, profile, environment };
}

/** Colour only on a terminal and never with NO_COLOR (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && !('NO_COLOR' in env && env.NO_COLOR !== '');
}

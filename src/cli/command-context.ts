// What headless commands share: the ops dir, the chosen profile and environment, output style.
import { UsageError } from '../domain/errors.js';
import type { Environment, Profile } from '../domain/profile/profile-model.js';
import { resolveOpsDir, type OpsDir } from '../adapters/fs/ops-dir.js';
import { selectProfile } from '../adapters/fs/profile-loader.js';
import { closest } from '../domain/schema-problems.js';
import type { GlobalValues } from './cli-args.js';

export interface ProfileContext {
  ops: OpsDir;
  profile: Profile;
  environment: Environment;
}

export function loadContext(values: GlobalValues, env: NodeJS.ProcessEnv = process.env): ProfileContext {
  const ops = resolveOpsDir(values.dir, env);
  const profile = selectProfile(ops.root, values.profile ?? env.OPSDECK_PROFILE);
  const environment = pickEnvironment(profile, values.env ?? env.OPSDECK_ENV);
  return { ops, profile, environment };
}

/** The named environment, or the first one declared (usually the safest: local). */
export function pickEnvironment(profile: Profile, name: string | undefined): Environment {
  const names = Object.keys(profile.environments);
  if (name === undefined) return profile.environments[names[0]!]!;
  const env = profile.environments[name];
  if (!env) {
    const guess = closest(name, names);
    throw new UsageError(`no environment "${name}" in profile ${profile.name}${guess ? ` (did you mean "${guess}"?)` : ''}; available: ${names.join(', ')}`);
  }
  return env;
}

/** Colour only on a terminal and never with NO_COLOR (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && !('NO_COLOR' in env && env.NO_COLOR !== '');
}

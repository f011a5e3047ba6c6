// Which environment a command, a run or the console works in, from a name the operator gave.
import { unknownNameMessage } from '../did-you-mean.js';
import { UsageError } from '../errors.js';
import type { Environment, Profile } from './profile-model.js';

/** The named environment, or the first one declared (usually the safest: local). */
export function pickEnvironment(profile: Profile, name: string | undefined): Environment {
  const names = Object.keys(profile.environments);
  if (name === undefined) return profile.environments[names[0]!]!;
  const env = profile.environments[name];
  if (!env) throw new UsageError(unknownNameMessage({ kind: 'environment', name, where: `profile ${profile.name}`, candidates: names }));
  return env;
}

// Which profile the console opens: the named one, the only one, or a choice for the operator;
// a broken profile comes back as its problems (the console shows them instead of crashing).
import { basename } from 'node:path';
import type { ConfigProblem } from '../../domain/errors.js';
import type { Profile } from '../../domain/profile/profile-model.js';
import { profileFiles, type OpsDir } from '../../adapters/fs/ops-dir.js';
import { displayPath, loadProfileFile } from '../../adapters/fs/profile-loader.js';

export type ProfileChoice =
  | { kind: 'ready'; profile: Profile }
  | { kind: 'pick'; names: string[]; message?: string }
  | { kind: 'errors'; name: string; file: string; problems: ConfigProblem[] }
  | { kind: 'none'; message: string };

const nameOf = (file: string) => basename(file).replace(/\.ya?ml$/, '');

export function chooseProfile(ops: OpsDir, name: string | undefined): ProfileChoice {
  const files = profileFiles(ops.root);
  if (files.length === 0) return { kind: 'none', message: `no profiles in ${displayPath(ops.root)}/profiles — create profiles/NAME.yaml, or pass --dir DIR` };
  let file: string | undefined;
  if (name) {
    file = files.find((f) => nameOf(f) === name);
    if (!file) return { kind: 'pick', names: files.map(nameOf), message: `no profile named "${name}"` };
  } else if (files.length === 1) file = files[0];
  else return { kind: 'pick', names: files.map(nameOf) };
  const loaded = loadProfileFile(file!, { writeCacheLater: true });
  if (!loaded.profile) return { kind: 'errors', name: nameOf(file!), file: displayPath(file!), problems: loaded.problems };
  return { kind: 'ready', profile: loaded.profile };
}

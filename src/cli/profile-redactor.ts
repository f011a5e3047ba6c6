// The redactor a headless reader of stored text uses: the chosen profile's declared secrets (as
// this shell's environment holds them) and the credential shapes. Files written by an older
// opsdeck, before output was masked at write, can hold raw secrets: readers mask again on read.
// Without a usable profile the credential shapes are still masked.
import { createRedactor, secretValuesFrom, type Redactor } from '../domain/text/redaction.js';
import { resolveOpsDir } from '../adapters/fs/ops-dir.js';
import { selectProfile } from '../adapters/fs/profile-loader.js';

export function profileRedactor(dir: string | undefined, profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Redactor {
  let secrets: string[] = [];
  try {
    secrets = selectProfile(resolveOpsDir(dir, env).root, profile ?? env.OPSDECK_PROFILE).secrets;
  } catch {
    /* no usable profile: credential shapes only */
  }
  return createRedactor(secretValuesFrom(secrets, env));
}

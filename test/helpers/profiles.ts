// Profiles for tests, built through the real schema and model from plain objects.
import { profileSchemas, type ProfileInput } from '../../src/domain/profile/profile-schema.js';
import { toProfile, type Profile } from '../../src/domain/profile/profile-model.js';

export function makeProfile(input: Omit<ProfileInput, 'name' | 'environments'> & Partial<Pick<ProfileInput, 'name' | 'environments'>>): Profile {
  const file = profileSchemas().profileSchema.parse({ name: 'test', environments: { local: { vars: {} } }, ...input });
  return toProfile(file, { file: '/tmp/profiles/test.yaml', baseDir: '/tmp' });
}

// Builds profiles and runbooks from YAML text through the real validation path.
import { parse } from 'yaml';
import { validateProfileData } from '../../src/domain/profile/validate-profile.js';
import { toProfile, type Profile } from '../../src/domain/profile/profile-model.js';
import { validateRunbookData } from '../../src/domain/runbook/validate-runbook.js';
import { toRunbook, type Runbook } from '../../src/domain/runbook/runbook-model.js';

export const PROFILE_YAML = `
name: shop
environments:
  local: { vars: { data_dir: /tmp/shop, api_url: "http://127.0.0.1:1" } }
  staging: { vars: { data_dir: /srv/shop } }
  production: { protected: true, vars: { data_dir: /srv/shop } }
secrets: [SHOP_TOKEN]
services:
  db: {}
  api: { depends_on: [db] }
`;

export function profileFrom(text = PROFILE_YAML, baseDir = '/tmp'): Profile {
  const v = validateProfileData(parse(text));
  if (!v.file || v.problems.length) throw new Error(`bad test profile: ${JSON.stringify(v.problems)}`);
  return toProfile(v.file, { file: `${baseDir}/profiles/shop.yaml`, baseDir });
}

export function runbookFrom(text: string, profile?: Profile): Runbook {
  const v = validateRunbookData(parse(text), profile);
  if (!v.file || v.problems.length) throw new Error(`bad test runbook: ${JSON.stringify(v.problems)}`);
  return toRunbook(v.file);
}

// A valid profile's validated form is kept between starts (src/adapters/fs/profile-cache.ts) and
// used only for the same build, path and bytes; a kept form must load exactly as validating
// does, and nothing the redactor would mask is ever written to it.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { loadProfileFile } from '../../../src/adapters/fs/profile-loader.js';
import { createProfileCache, defaultProfileCache, MAX_ENTRIES } from '../../../src/adapters/fs/profile-cache.js';
import { parse } from 'yaml';
import { validateProfileData } from '../../../src/domain/profile/validate-profile.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';
import { REPO, ensureBuilt, runCli } from '../../helpers/run-cli.js';

const PROFILE = `name: small
environments:
  local: {}
services:
  web:
    description: the front page
    health:
      - tcp: { host: 127.0.0.1, port: 1 }
        interval: 5s
        timeout: 1s
`;

function opsDir(text = PROFILE): string {
  const dir = tempDir('opsdeck-profile-cache-ops-');
  mkdirSync(join(dir, 'profiles'));
  writeFileSync(join(dir, 'profiles', 'small.yaml'), text);
  return join(dir, 'profiles', 'small.yaml');
}
const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []);

describe('the profile cache', () => {
  afterAll(() => removeTempDirs());

  it('keeps a valid profile (0600) and the next load comes from it', () => {
    const dir = join(tempDir('opsdeck-profile-cache-'), 'profiles');
    const cache = createProfileCache({ dir, buildId: 'build-1', env: {} });
    const file = opsDir();
    const first = loadProfileFile(file, { cache });
    expect(first.problems).toEqual([]);
    expect(loadProfileFile(file, { cache })).toEqual(first);
    const [entry] = entries(dir);
    expect(statSync(join(dir, entry!)).mode & 0o777).toBe(0o600);
    // What was kept is what the next load gives: change it, and the load shows the change.
    const kept = JSON.parse(readFileSync(join(dir, entry!), 'utf8'));
    kept.profile.services.web.description = 'from the cache';
    writeFileSync(join(dir, entry!), JSON.stringify(kept));
    expect(loadProfileFile(file, { cache }).profile!.services.web!.description).toBe('from the cache');
  });

  it('is not used for other bytes, another build or a damaged entry: those validate again', () => {
    const dir = join(tempDir('opsdeck-profile-cache-'), 'profiles');
    const cache = createProfileCache({ dir, buildId: 'build-1', env: {} });
    const file = opsDir();
    loadProfileFile(file, { cache });
    const [entry] = entries(dir);
    const kept = JSON.parse(readFileSync(join(dir, entry!), 'utf8'));
    kept.profile.services.web.description = 'from the cache';
    writeFileSync(join(dir, entry!), JSON.stringify(kept));
    expect(loadProfileFile(file, { cache: createProfileCache({ dir, buildId: 'build-2', env: {} }) }).profile!.services.web!.description).toBe('the front page');
    writeFileSync(file, PROFILE.replace('the front page', 'the new front page'));
    expect(loadProfileFile(file, { cache }).profile!.services.web!.description).toBe('the new front page');
    writeFileSync(file, PROFILE.replace('timeout: 1s', 'timeout: soon'));
    expect(loadProfileFile(file, { cache }).problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([expect.stringMatching(/^10:\d+: .*duration/)]);
    writeFileSync(join(dir, entry!), '{ damaged');
    writeFileSync(file, PROFILE);
    expect(loadProfileFile(file, { cache }).profile!.services.web!.description).toBe('the front page');
  });

  it('never keeps a file with a problem, a credential or a declared secret', () => {
    const dir = join(tempDir('opsdeck-profile-cache-'), 'profiles');
    const env = { API_TOKEN: 'tok-3f9a7c21e5b8' };
    const cache = createProfileCache({ dir, buildId: 'build-1', env });
    expect(loadProfileFile(opsDir(PROFILE.replace('timeout: 1s', 'timeout: soon')), { cache }).problems).toHaveLength(1);
    const withUrl = PROFILE.replace('local: {}', 'local:\n    vars:\n      db: postgres://app:s3cretpassw0rd@db.internal/app');
    expect(loadProfileFile(opsDir(withUrl), { cache }).problems).toEqual([]);
    const withSecret = PROFILE.replace('services:', 'secrets: [API_TOKEN]\nservices:').replace('the front page', 'token tok-3f9a7c21e5b8');
    expect(loadProfileFile(opsDir(withSecret), { cache }).problems).toEqual([]);
    const withPassword = PROFILE.replace('local: {}', 'local:\n    vars:\n      db_password: plainvalue99');
    expect(loadProfileFile(opsDir(withPassword), { cache }).problems).toEqual([]);
    expect(entries(dir)).toEqual([]);
    // The same profiles without them are kept.
    expect(loadProfileFile(opsDir(PROFILE.replace('services:', 'secrets: [API_TOKEN]\nservices:')), { cache }).problems).toEqual([]);
    expect(entries(dir)).toHaveLength(1);
  });

  it('written later (the console: its first frame does not wait on it) keeps the form as it was validated, or nothing if it was changed since', async () => {
    const dir = join(tempDir('opsdeck-profile-cache-'), 'profiles');
    const cache = createProfileCache({ dir, buildId: 'build-1', env: {} });
    const file = opsDir();
    const first = loadProfileFile(file, { cache, writeCacheLater: true });
    expect(first.problems).toEqual([]);
    expect(entries(dir)).toEqual([]);
    await until('the kept form, written a second later', () => entries(dir).length === 1, 10_000, 50);
    expect(loadProfileFile(file, { cache })).toEqual(first);

    const validated = validateProfileData(parse(PROFILE)).file!;
    let keep: (() => void) | undefined;
    const other = opsDir();
    cache.write(other, PROFILE, validated, (k) => (keep = k));
    validated.services.web!.description = 'changed by its holder';
    keep!();
    expect(entries(dir)).toHaveLength(1);
  });

  it('keeps the most recently written profiles only', () => {
    const dir = join(tempDir('opsdeck-profile-cache-'), 'profiles');
    const cache = createProfileCache({ dir, buildId: 'build-1', env: {} });
    const entryOf = (file: string) => `${createHash('sha1').update(resolve(file)).digest('hex')}.json`;
    const files = Array.from({ length: MAX_ENTRIES + 6 }, () => opsDir());
    const base = Date.now() / 1000 - 1000;
    files.forEach((file, i) => {
      loadProfileFile(file, { cache });
      // Written a second apart, whatever the file system's clock resolution.
      utimesSync(join(dir, entryOf(file)), base + i, base + i);
    });
    expect(entries(dir).sort()).toEqual(files.slice(6).map(entryOf).sort());
  });

  it.each(['profiles/demo.yaml', 'examples/docker/profiles/docker-demo.yaml', 'examples/postgres/profiles/pg.yaml'])('%s loads from its kept form exactly as validated', (shipped) => {
    const dir = join(tempDir('opsdeck-profile-cache-'), 'profiles');
    const cache = createProfileCache({ dir, buildId: 'build-1', env: {} });
    const validated = loadProfileFile(join(REPO, shipped), { cache: undefined });
    expect(validated.problems).toEqual([]);
    loadProfileFile(join(REPO, shipped), { cache });
    expect(entries(dir)).toHaveLength(1);
    expect(loadProfileFile(join(REPO, shipped), { cache })).toEqual(validated);
  });

  it('is the build\'s own: none when unbundled (as here) or with NODE_DISABLE_COMPILE_CACHE', async () => {
    expect(defaultProfileCache({})).toBeUndefined();
    ensureBuilt();
    const file = opsDir();
    const opsRoot = join(file, '..', '..');
    const run = (home: string, env: NodeJS.ProcessEnv = {}) => runCli(['status', '--json', '--dir', opsRoot], { XDG_CACHE_HOME: home, OPSDECK_STATE_DIR: tempDir('opsdeck-profile-cache-state-'), ...env });
    const home = tempDir('opsdeck-profile-cache-home-');
    const withoutCache = await run(home, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(entries(join(home, 'opsdeck', 'profiles'))).toEqual([]);
    const first = await run(home);
    expect(entries(join(home, 'opsdeck', 'profiles'))).toHaveLength(1);
    const second = await run(home);
    const shape = (r: { code: number | null; stdout: string }) => ({ code: r.code, services: (JSON.parse(r.stdout) as { services: { name: string; state: string }[] }).services.map((s) => `${s.name} ${s.state}`) });
    expect(shape(first)).toEqual(shape(withoutCache));
    expect(shape(second)).toEqual(shape(withoutCache));
  });
});

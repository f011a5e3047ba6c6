// A process service's environment is what the profile declares, the same whoever starts it:
// real services started by two supervisors standing for two shells with different environments.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessSupervisor } from '../../../src/adapters/process/process-supervisor.js';
import type { Profile } from '../../../src/domain/profile/profile-model.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { processProfile, svc, waitFor } from '../../helpers/process-services.js';

const started: ProcessSupervisor[] = [];

afterEach(async () => {
  for (const sup of started.splice(0)) for (const name of sup.knownServices()) await sup.stopByName(name, 1000);
  removeTempDirs();
});

function setup(extra: { env_file?: string; inherit_env?: string[] } = {}, secrets: string[] = []): { base: string; dump: string; profile: Profile } {
  const base = tempDir('opsdeck-env-');
  const dump = join(base, 'env.json');
  const p = processProfile(base, { a: { process: { command: svc(join(base, 'rec'), '--dump-env', dump), env: { PORT: '7101', MODE: 'from-env' }, ...extra } } });
  return { base, dump, profile: { ...p, secrets } };
}

async function startWith(profile: Profile, base: string, shellEnv: NodeJS.ProcessEnv, dump: string): Promise<Record<string, string>> {
  const sup = new ProcessSupervisor(profile, profile.environments.local!, { stateDir: join(base, 'state'), env: shellEnv });
  started.push(sup);
  rmSync(dump, { force: true });
  await sup.start(profile.services.a!);
  const env = await waitFor('the env dump', () => existsSync(dump) && readFileSync(dump, 'utf8'));
  await sup.stopByName('a', 1000);
  return JSON.parse(env) as Record<string, string>;
}

const shellA = { PATH: process.env.PATH, HOME: '/home/op', SHOP_TOKEN: 'tok-1', STRAY: 'from shell A' };
const shellB = { PATH: process.env.PATH, HOME: '/home/op', SHOP_TOKEN: 'tok-1', OTHER_STRAY: 'from shell B', AWS_SECRET_ACCESS_KEY: 'x' };

describe('process service environment', () => {
  it('is env_file + env + inherit_env + basics, identical whichever shell starts it; nothing else leaks in; the status names what it got', async () => {
    const { base, dump, profile } = setup({ env_file: 'svc.env', inherit_env: ['SHOP_TOKEN'] }, ['SHOP_TOKEN']);
    writeFileSync(join(base, 'svc.env'), 'FROM_FILE=1\nMODE=from-file\n');
    const a = await startWith(profile, base, shellA, dump);
    const b = await startWith(profile, base, shellB, dump);
    expect(a).toEqual(b);
    expect(a).toEqual({ PATH: process.env.PATH, HOME: '/home/op', SHOP_TOKEN: 'tok-1', FROM_FILE: '1', MODE: 'from-env', PORT: '7101', OPSDECK_SERVICE: 'a', OPSDECK_ENV: 'local', OPSDECK_PROFILE: 'lc' });
  });

  it('records the names (never the values) it was started with in its status', async () => {
    const { base, dump, profile } = setup({ inherit_env: ['SHOP_TOKEN'] }, ['SHOP_TOKEN']);
    const sup = new ProcessSupervisor(profile, profile.environments.local!, { stateDir: join(base, 'state'), env: shellA });
    started.push(sup);
    await sup.start(profile.services.a!);
    await waitFor('the env dump', () => existsSync(dump));
    const status = sup.statusByName('a');
    expect(status.envNames).toEqual(['HOME', 'MODE', 'OPSDECK_ENV', 'OPSDECK_PROFILE', 'OPSDECK_SERVICE', 'PATH', 'PORT', 'SHOP_TOKEN']);
    expect(readFileSync(join(base, 'state', 'services', 'lc', 'local', 'a.pid'), 'utf8')).not.toContain('tok-1');
  });

  it('refuses to start when an inherit_env name is not set in the starter environment, naming it', async () => {
    const { base, dump, profile } = setup({ inherit_env: ['SHOP_TOKEN'] });
    await expect(startWith(profile, base, { PATH: process.env.PATH }, dump)).rejects.toThrow(
      'cannot start a in local: inherit_env names SHOP_TOKEN, not set in this opsdeck\'s environment (the service gets the same environment whoever starts it: set it, or put it in an env_file)',
    );
  });

  it('refuses an env_file holding a declared secret that group/others can read', async () => {
    const { base, dump, profile } = setup({ env_file: 'svc.env' }, ['SHOP_TOKEN']);
    const file = join(base, 'svc.env');
    writeFileSync(file, 'SHOP_TOKEN=tok-in-file\n');
    chmodSync(file, 0o644);
    await expect(startWith(profile, base, shellA, dump)).rejects.toThrow(`cannot start a in local: env file ${file} holds secret SHOP_TOKEN but is readable by group and others (mode 0644): refused; run chmod 600 ${file}`);
    chmodSync(file, 0o600);
    expect((await startWith(profile, base, shellA, dump)).SHOP_TOKEN).toBe('tok-in-file');
  });
});

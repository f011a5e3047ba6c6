// `opsdeck env check` on the real binary: each class of problem, the env file's permission
// refusal, and no secret value in any output (unique generated values); `run` refuses before
// any step when required variables are missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli, type CliResult } from '../helpers/run-cli.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

const unique = (tag: string) => `${tag}-${randomBytes(9).toString('hex')}`;

describe('opsdeck env check', () => {
  let dir = '';
  let base: NodeJS.ProcessEnv = {};
  const envFile = () => join(dir, 'env', 'production.env');
  const secrets = { db: unique('dbpw'), token: unique('tok'), old: unique('oldtok') };
  const all = (r: CliResult) => r.stdout + r.stderr;
  const noSecret = (text: string) => {
    for (const v of Object.values(secrets)) {
      expect(text).not.toContain(v);
      expect(text).not.toContain(v.slice(-8));
    }
  };
  beforeAll(() => {
    ensureBuilt();
    dir = tempDir('opsdeck-envcheck-');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'runbooks'));
    mkdirSync(join(dir, 'env'));
    writeFileSync(join(dir, 'profiles', 'shop.yaml'), `name: shop
environments:
  production:
    protected: true
    env_file: env/production.env
    requires: [DB_PASSWORD, API_URL, API_TOKEN]
    renamed: { OLD_API_TOKEN: API_TOKEN }
    deprecated: [LEGACY_MODE]
    formats: { API_URL: "^https://" }
secrets: [DB_PASSWORD, API_TOKEN, OLD_API_TOKEN]
services: { api: {} }
`);
    writeFileSync(join(dir, 'runbooks', 'touch.yaml'), `name: touch\nsteps:\n  - { id: mark, run: [touch, ${JSON.stringify(join(dir, 'marker'))}] }\n`);
    const clean = { ...process.env };
    for (const k of ['DB_PASSWORD', 'API_URL', 'API_TOKEN', 'OLD_API_TOKEN', 'LEGACY_MODE']) delete clean[k];
    base = { ...clean, OPSDECK_DIR: dir, OPSDECK_STATE_DIR: join(dir, '.state'), OPSDECK_PROFILE: 'shop' };
  });
  afterAll(removeTempDirs);
  const writeEnvFile = (text: string, mode = 0o600) => {
    writeFileSync(envFile(), text);
    chmodSync(envFile(), mode);
  };

  it('clean: every source counted, exit 0', async () => {
    writeEnvFile(`DB_PASSWORD=${secrets.db}\nAPI_TOKEN=${secrets.token}\n`);
    const r = await runCli(['env', 'check', '--env', 'production'], { ...base, API_URL: 'https://api.example' });
    expect(r.code, all(r)).toBe(0);
    expect(r.stdout).toContain('ok: 3 required variable(s) set');
    noSecret(all(r));
  });

  it('each class of problem, with the exact rename, and never a value', async () => {
    writeEnvFile(`API_TOKEN=\nLEGACY_MODE=on\n`);
    const env = { ...base, OLD_API_TOKEN: secrets.old, API_URL: `http://${secrets.token}.example` };
    const r = await runCli(['env', 'check', '--env', 'production'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/MISSING +DB_PASSWORD is required and not set \(neither in the process environment nor in env file .*production\.env\)/);
    expect(r.stdout).toMatch(/RENAMED +OLD_API_TOKEN was renamed to API_TOKEN: OLD_API_TOKEN is set \(process environment\), API_TOKEN is not — rename OLD_API_TOKEN to API_TOKEN/);
    expect(r.stdout).toMatch(/DEPRECATED +LEGACY_MODE is deprecated and still set \(env file .*production\.env\): remove it/);
    expect(r.stdout).toMatch(/FORMAT +API_URL \(process environment\) does not match its format \/\^https:\/\/\/ \(the value is not shown\)/);
    const j = await runCli(['env', 'check', '--env', 'production', '--json'], env);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout);
    expectJsonVocabulary(doc);
    expect(doc.problems.map((p: { kind: string; name: string }) => `${p.kind}:${p.name}`).sort()).toEqual(['deprecated:LEGACY_MODE', 'format:API_URL', 'missing:DB_PASSWORD', 'renamed:OLD_API_TOKEN']);
    noSecret(all(r) + all(j));
  });

  it('refuses an env file holding a secret that group or others can read', async () => {
    writeEnvFile(`DB_PASSWORD=${secrets.db}\n`, 0o644);
    const r = await runCli(['env', 'check', '--env', 'production'], { ...base, API_URL: 'https://a', API_TOKEN: secrets.token });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ENV FILE +env file .*production\.env holds secret DB_PASSWORD but is readable by group and others \(mode 0644\): refused; run chmod 600/);
    expect(r.stdout).toContain('(REFUSED)');
    noSecret(all(r));
  });

  it('run refuses before any step while required variables are missing, with the env check', async () => {
    writeEnvFile(`API_TOKEN=${secrets.token}\n`);
    const r = await runCli(['run', 'touch', '--env', 'production', '--yes', '--confirm-env', 'production', '--change', 'CHG-1'], { ...base, API_URL: 'https://a' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/runbook touch cannot run in production: required variables are not in place/);
    expect(r.stderr).toMatch(/MISSING +DB_PASSWORD is required and not set/);
    expect(existsSync(join(dir, 'marker'))).toBe(false);
    noSecret(all(r));
    writeEnvFile(`API_TOKEN=${secrets.token}\nDB_PASSWORD=${secrets.db}\n`);
    const ok = await runCli(['run', 'touch', '--env', 'production', '--yes', '--confirm-env', 'production', '--change', 'CHG-1'], { ...base, API_URL: 'https://a' });
    expect(ok.code, all(ok)).toBe(0);
    expect(existsSync(join(dir, 'marker'))).toBe(true);
  }, 60_000);
});

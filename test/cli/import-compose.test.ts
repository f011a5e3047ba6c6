// `opsdeck import compose` on realistic compose files written for the tests (build contexts,
// compose profiles, healthchecks in both forms, short and long port syntax, env files, anchors,
// replicas): the real binary writes a profile that `opsdeck validate` accepts, with what it
// guessed said in comments.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, ensureBuilt, runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

const fixture = (p: string): string => join(REPO, 'test/fixtures/compose', p);

describe('opsdeck import compose', () => {
  let ops: string;
  beforeAll(() => {
    ensureBuilt();
    ops = tempDir('opsdeck-import-');
    mkdirSync(join(ops, 'profiles'));
  });
  afterAll(() => removeTempDirs());

  it.each([
    ['shop/docker-compose.yml', 'shop', ['proxy', 'api', 'worker', 'db', 'cache', 'mailhog']],
    ['blog/compose.yaml', 'blog', ['web_frontend', 'search']],
  ])('%s → a profile that validates', async (file, name, services) => {
    const out = join(ops, 'profiles', `${name}.yaml`);
    const r = await runCli(['import', 'compose', fixture(file), '-o', out]);
    expect(r.stderr).toContain(`wrote ${out}: ${services.length} service(s)`);
    expect(r.code).toBe(0);
    const profile = parse(readFileSync(out, 'utf8'));
    expect(Object.keys(profile.services)).toEqual(services);
    const v = await runCli(['validate', '--dir', ops, out]);
    expect(v.stdout + v.stderr).not.toMatch(/error/i);
    expect(v.code).toBe(0);
  });

  it('maps services, dependencies, ports, variables and secrets, and says what it guessed', async () => {
    const r = await runCli(['import', 'compose', fixture('shop/docker-compose.yml'), '--project', 'shop-prod']);
    expect(r.code).toBe(0);
    const p = parse(r.stdout);
    expect(p.name).toBe('shop-prod');
    expect(p.services.worker).toMatchObject({ docker: { project: 'shop-prod', service: 'worker' }, depends_on: ['db', 'cache'] });
    expect(p.services.api.depends_on).toEqual(['db', 'cache']); // map form of depends_on
    expect(p.services.proxy.health).toEqual([{ http: { url: 'http://127.0.0.1:8080/' } }, { http: { url: 'https://127.0.0.1:8443/' } }]);
    expect(p.services.api.health).toEqual([{ http: { url: 'http://127.0.0.1:3000/' } }]); // long syntax
    expect(p.services.db.health).toEqual([{ tcp: { host: '127.0.0.1', port: 5432 } }]);
    expect(p.services.cache.health).toBeUndefined(); // "6379": a random host port
    expect(p.environments.local.requires).toEqual(['DB_PASSWORD', 'SHOP_API_TOKEN', 'STRIPE_SECRET_KEY']); // API_TAG has a default; $${...} is no variable
    expect(p.secrets).toEqual(['DB_PASSWORD', 'POSTGRES_PASSWORD', 'SHOP_API_TOKEN', 'STRIPE_SECRET_KEY']);
    for (const words of [
      '# guessed: port 8080 -> 80 looks like HTTP',
      '# HEALTHCHECK (wget -qO- http://localhost:3000/health): opsdeck reads its verdict from the container',
      '# HEALTHCHECK (redis-cli ping)',
      '# env_file .env.local: compose loads it',
      '# built from ./api: build and create it with docker compose',
      '# 3 replicas: one service here, health from all of them',
      '# only in compose profile(s) debug',
      '# port 1025:1025/udp: not TCP, no check',
      '# ports 9000-9002:9000-9002: a range, no check',
      '# POSTGRES_PASSWORD has a literal value in the compose file',
    ]) expect(r.stdout).toContain(words);
    expect(r.stdout).not.toContain('STRIPE_SECRET_KEY has a literal value');
  });

  it('refuses what is not a compose file, and keeps an existing profile without --force', async () => {
    const bad = await runCli(['import', 'compose', fixture('toast-not-compose.yml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('toast-not-compose.yml: not a compose file (no services:)');
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    const out = join(ops, 'profiles', 'kept.yaml');
    writeFileSync(out, 'mine\n');
    const kept = await runCli(['import', 'compose', fixture('blog/compose.yaml'), '-o', out]);
    expect(kept.code).toBe(2);
    expect(kept.stderr).toContain('exists');
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    expect((await runCli(['import', 'kubernetes', 'x.yaml'])).code).toBe(2);
  });
});

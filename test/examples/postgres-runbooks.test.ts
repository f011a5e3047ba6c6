// examples/postgres for real: pg-backup then pg-restore through the headless `opsdeck run`,
// against the CI cluster (OPSDECK_TEST_PG), on a private database and a private backup folder.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describeIfAvailable } from '../helpers/requirements.js';
import { TestDatabases, databaseUrl, postgresEnv, psql } from '../helpers/postgres-env.js';
import { runCli } from '../helpers/run-cli.js';
import { until } from '../helpers/until.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/postgres');

const COUNTS = `select 'orders ' || count(*) from orders union all select 'invoices ' || count(*) from billing."Invoices" order by 1`;
const CHECKSUM = `select md5(string_agg(id || ':' || item || ':' || qty, ',' order by id)) from orders`;

describeIfAvailable('examples/postgres runbooks (real PostgreSQL)', postgresEnv.available, postgresEnv.reason, () => {
  const dbs = new TestDatabases();
  let work: string;
  let env: NodeJS.ProcessEnv;
  let db: string;

  beforeAll(async () => {
    db = await dbs.create('shop');
    await psql(
      `create table orders(id serial primary key, item text not null, qty int not null);
       insert into orders(item, qty) select 'item-' || g, g % 7 from generate_series(1, 1000) g;
       create schema billing; create table billing."Invoices"(id int primary key, total numeric);
       insert into billing."Invoices" select g, g * 1.5 from generate_series(1, 42) g;`,
      db,
    );
    // A private copy of the example whose `local` environment points at this test's database.
    work = mkdtempSync(join(tmpdir(), 'opsdeck-pg-example-'));
    cpSync(EXAMPLE, work, { recursive: true });
    const file = join(work, 'profiles/pg.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['environments', 'local', 'vars', 'db_url'], databaseUrl(db));
    doc.setIn(['environments', 'local', 'vars', 'backup_dir'], join(work, 'backups'));
    writeFileSync(file, doc.toString());
    env = { ...process.env, OPSDECK_DIR: work, OPSDECK_STATE_DIR: join(work, 'state'), NO_COLOR: '1' };
  });

  // pg-backup names a backup after the UTC second and refuses one that exists (it never
  // overwrites): a second backup in this file starts once the clock is past every backup's name.
  const utcSecond = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const pastEveryBackup = () => {
    const latest = readdirSync(join(work, 'backups')).sort().at(-1) ?? '';
    return until(`the UTC second after backup ${latest}`, () => utcSecond() > latest, 5_000, 50);
  };

  afterAll(async () => {
    await dbs.dropAll();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('backs up, survives data loss, restores, and the restore verifies the row counts', { timeout: 240_000 }, async () => {
    const countsBefore = await psql(COUNTS, db);
    const sumBefore = await psql(CHECKSUM, db);
    expect(countsBefore).toBe('invoices 42\norders 1000');

    const backup = await runCli(['run', 'pg-backup', '--env', 'local', '--yes'], env);
    expect(backup.code, backup.stdout + backup.stderr).toBe(0);
    const sets = readdirSync(join(work, 'backups'));
    expect(sets).toHaveLength(1);
    const set = sets[0]!;
    expect(set).toMatch(/^\d{8}T\d{6}Z$/);
    const dir = join(work, 'backups', set);
    expect(readdirSync(dir).sort()).toEqual(['SHA256SUMS', 'db.dump', 'row-counts.txt', 'toc.txt']);
    expect(readFileSync(join(dir, 'row-counts.txt'), 'utf8')).toBe('billing."Invoices" 42\npublic.orders 1000\n');
    expect(readFileSync(join(dir, 'SHA256SUMS'), 'utf8')).toMatch(/^[0-9a-f]{64}  db\.dump\n[0-9a-f]{64}  toc\.txt\n[0-9a-f]{64}  row-counts\.txt\n$/);
    expect(readFileSync(join(dir, 'toc.txt'), 'utf8')).toMatch(/TABLE DATA public orders/);

    // Disaster: most orders deleted, a table dropped, a row changed.
    await psql(`delete from orders where id > 10; update orders set qty = 99 where id = 1; drop table billing."Invoices"`, db);
    expect(await psql(CHECKSUM, db)).not.toBe(sumBefore);

    const restore = await runCli(['run', 'pg-restore', '--env', 'local', '--input', `backup=${set}`, '--input', 'reason=test: restore after data loss', '--yes'], env);
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/row counts match the backup: 2 tables/);
    expect(await psql(COUNTS, db)).toBe(countsBefore);
    expect(await psql(CHECKSUM, db)).toBe(sumBefore);
  });

  it('refuses to restore a backup whose files no longer match their checksums, before touching the database', { timeout: 240_000 }, async () => {
    await pastEveryBackup();
    const backup = await runCli(['run', 'pg-backup', '--env', 'local', '--yes'], env);
    expect(backup.code, backup.stdout + backup.stderr).toBe(0);
    const set = readdirSync(join(work, 'backups')).sort().at(-1)!;
    writeFileSync(join(work, 'backups', set, 'row-counts.txt'), 'public.orders 1\n');
    await psql(`insert into orders(item, qty) values ('after-backup', 1)`, db);
    const sum = await psql(CHECKSUM, db);

    const restore = await runCli(['run', 'pg-restore', '--env', 'local', '--input', `backup=${set}`, '--input', 'reason=test: tampered backup', '--yes'], env);
    expect(restore.code, restore.stdout + restore.stderr).toBe(1);
    expect(restore.stdout + restore.stderr).toMatch(/row-counts\.txt: FAILED/);
    expect(await psql(CHECKSUM, db)).toBe(sum);
  });
});

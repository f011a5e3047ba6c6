// The PostgreSQL server the database suites use (OPSDECK_TEST_PG, as .ci/run and
// scripts/ci/services.sh set it), whether psql can connect, and throwaway databases.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { errorMessage } from '../../src/domain/errors.js';

export const PG_URL = process.env.OPSDECK_TEST_PG ?? '';

export interface PostgresTestEnv {
  available: boolean;
  reason: string;
  url: string;
}

export async function detectPostgres(): Promise<PostgresTestEnv> {
  const setup = 'start one with scripts/ci/services.sh start, then eval "$(scripts/ci/services.sh env)"';
  if (!PG_URL) return { available: false, reason: `OPSDECK_TEST_PG is not set (${setup})`, url: '' };
  try {
    const r = await execa('psql', [PG_URL, '-XAtc', 'select 1'], { timeout: 10_000, reject: false, stdin: 'ignore' });
    if (r.exitCode === 0 && r.stdout.trim() === '1') return { available: true, reason: '', url: PG_URL };
    return { available: false, reason: `psql cannot connect to ${PG_URL}: ${(r.stderr || r.stdout || `exit ${r.exitCode}`).trim()} (${setup})`, url: PG_URL };
  } catch (err) {
    return { available: false, reason: `psql failed: ${errorMessage(err)} (${setup})`, url: PG_URL };
  }
}

export const postgresEnv = await detectPostgres();

/** The server URL with another database name. */
export function databaseUrl(db: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Runs SQL with psql (ON_ERROR_STOP), returns unaligned, tuples-only output. */
export async function psql(sql: string, db?: string): Promise<string> {
  const r = await execa('psql', [db ? databaseUrl(db) : PG_URL, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql], { timeout: 60_000, stdin: 'ignore' });
  return r.stdout.trim();
}

/** Throwaway databases with unique names, dropped by dropAll(). */
export class TestDatabases {
  private readonly names: string[] = [];

  async create(prefix = 'db'): Promise<string> {
    const name = `opsdeck_t_${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
    await psql(`create database ${name}`);
    this.names.push(name);
    return name;
  }

  async dropAll(): Promise<void> {
    for (const n of this.names.splice(0)) await psql(`drop database if exists ${n} with (force)`).catch(() => undefined);
  }
}

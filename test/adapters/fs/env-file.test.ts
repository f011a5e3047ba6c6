import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvFile } from '../../../src/adapters/fs/env-file.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

afterAll(removeTempDirs);

function envFile(text: string, mode = 0o600, name = 'app.env'): { dir: string; file: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'env'));
  const file = join(dir, 'env', name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return { dir, file };
}

describe('readEnvFile', () => {
  it('parses with dotenv (export, quotes, multi-line values, comments) and resolves a relative path against baseDir', () => {
    const { dir, file } = envFile('# comment\nPORT=7101\nexport MODE=prod\nQUOTED="a b # not a comment"\nKEY="line1\nline2"\n\n');
    const r = readEnvFile('env/app.env', { baseDir: dir });
    expect(r).toEqual({ file, ok: true, problems: [], values: { PORT: '7101', MODE: 'prod', QUOTED: 'a b # not a comment', KEY: 'line1\nline2' } });
  });

  it('reports lines that are not NAME=value, with their line number, and keeps the rest', () => {
    const { file } = envFile('A=1\nthis is not an assignment\nB=2\n');
    const r = readEnvFile(file);
    expect(r.values).toEqual({ A: '1', B: '2' });
    expect(r.problems).toEqual([{ file, line: 2, message: 'line 2 is not NAME=value: ignored' }]);
  });

  it('refuses a file holding a declared secret that group or others can read, naming the fix', () => {
    const { file } = envFile('SHOP_TOKEN=s3cr3t-value\nPORT=1\n', 0o644);
    const r = readEnvFile(file, { secretNames: ['SHOP_TOKEN'] });
    expect(r.ok).toBe(false);
    expect(r.values).toEqual({});
    expect(r.problems).toEqual([{ file, message: `env file ${file} holds secret SHOP_TOKEN but is readable by group and others (mode 0644): refused; run chmod 600 ${file}` }]);
    expect(JSON.stringify(r)).not.toContain('s3cr3t-value');
    chmodSync(file, 0o640);
    expect(readEnvFile(file, { secretNames: ['SHOP_TOKEN'] }).problems[0]!.message).toContain('readable by group (mode 0640)');
    chmodSync(file, 0o600);
    expect(readEnvFile(file, { secretNames: ['SHOP_TOKEN'] }).values).toEqual({ SHOP_TOKEN: 's3cr3t-value', PORT: '1' });
  });

  it('accepts a world-readable file without declared secrets', () => {
    const { file } = envFile('PORT=1\n', 0o644);
    expect(readEnvFile(file, { secretNames: ['OTHER'] })).toMatchObject({ ok: true, values: { PORT: '1' } });
  });

  it('says when the file is missing or not a file', () => {
    const dir = tempDir();
    expect(readEnvFile('nope.env', { baseDir: dir })).toEqual({ file: join(dir, 'nope.env'), ok: false, values: {}, problems: [{ file: join(dir, 'nope.env'), message: `env file ${join(dir, 'nope.env')} does not exist` }] });
    expect(readEnvFile(dir).problems[0]!.message).toBe(`env file ${dir} is not a regular file`);
  });
});

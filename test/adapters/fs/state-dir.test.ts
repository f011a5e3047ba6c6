// The state dir is refused when others could write in it, and state files are never opened
// through a symlink planted at their name (the victim file stays untouched).
import { describe, it, expect, afterAll } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { runCli } from '../../helpers/run-cli.js';
import { stateDir, UnsafeStateDirError, writeStateJson } from '../../../src/adapters/fs/state-dir.js';
import { AuditLog } from '../../../src/adapters/fs/audit-log.js';
import { JsonlJournal } from '../../../src/adapters/fs/jsonl-journal.js';

afterAll(removeTempDirs);

describe('state dir trust', () => {
  it('refuses a world-writable state dir with how to fix it (CLI: exit 2, no stack)', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    expect(() => stateDir({ OPSDECK_STATE_DIR: dir })).toThrow(UnsafeStateDirError);
    const r = await runCli(['audit', 'verify'], { OPSDECK_STATE_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/state dir .* is writable by group and others \(mode 777\)/);
    expect(r.stderr).toMatch(/chmod go-w/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a group-writable folder inside it, and a symlink planted in it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'runs'));
    chmodSync(join(dir, 'runs'), 0o770);
    expect(() => stateDir({ OPSDECK_STATE_DIR: dir })).toThrow(/runs is writable by group/);
    const other = tempDir();
    const victim = join(tempDir(), 'victim');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(other, 'audit.jsonl'));
    const r = await runCli(['audit', 'verify'], { OPSDECK_STATE_DIR: other });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/audit\.jsonl is a symlink/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('checks a run\'s folder too (two levels down): group-writable, or a symlink in place of it', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'runs', '20261201-120000-deploy-abcd'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'runs', 'run-index.jsonl'), '');
    chmodSync(join(dir, 'runs', '20261201-120000-deploy-abcd'), 0o770);
    expect(() => stateDir({ OPSDECK_STATE_DIR: dir })).toThrow(/deploy-abcd is writable by group/);
    const other = tempDir();
    mkdirSync(join(other, 'runs'), { mode: 0o700 });
    symlinkSync(tempDir(), join(other, 'runs', '20261201-120000-deploy-abcd'));
    expect(() => stateDir({ OPSDECK_STATE_DIR: other })).toThrow(/deploy-abcd is a symlink/);
  });

  it('never appends or writes through a symlink planted after the check (O_NOFOLLOW)', () => {
    const dir = tempDir();
    stateDir({ OPSDECK_STATE_DIR: dir });
    const victim = join(tempDir(), 'victim');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(dir, 'audit.jsonl'));
    expect(() => new AuditLog({ env: { OPSDECK_STATE_DIR: dir } }).append({ action: 'test' })).toThrow(/audit\.jsonl is a symlink; opsdeck never writes through symlinks/);
    symlinkSync(victim, join(dir, 'journal.jsonl'));
    expect(() => new JsonlJournal(join(dir, 'journal.jsonl'))).toThrow(/is a symlink/);
    // A temp file name planted as a link: it is removed, never written through.
    symlinkSync(victim, join(dir, `status.json.${process.pid}.tmp`));
    writeStateJson(join(dir, 'status.json'), { ok: true });
    expect(JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8'))).toEqual({ ok: true });
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});

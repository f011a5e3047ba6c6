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
import { writePastRun } from '../../helpers/past-runs.js';

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

  it("a run's folder (two levels down): a symlink in its place is refused at start; a group-writable one is never read", async () => {
    const other = tempDir();
    mkdirSync(join(other, 'runs'), { mode: 0o700 });
    symlinkSync(tempDir(), join(other, 'runs', '20261201-120000-deploy-abcd'));
    expect(() => stateDir({ OPSDECK_STATE_DIR: other })).toThrow(/deploy-abcd is a symlink/);

    // Owner and mode are checked when the run is used, not for every run at every start.
    const dir = tempDir();
    const good = writePastRun(dir, { startedAt: Date.UTC(2026, 11, 1, 11) });
    const loose = writePastRun(dir, { startedAt: Date.UTC(2026, 11, 1, 12), runbook: 'backup' });
    chmodSync(loose.dir, 0o770);
    expect(() => stateDir({ OPSDECK_STATE_DIR: dir })).not.toThrow();
    const env = { OPSDECK_STATE_DIR: dir };
    const shown = await runCli(['show', loose.runId], env);
    expect(shown.code).toBe(2);
    expect(shown.stderr).toMatch(/backup-[0-9a-f]+ is writable by group \(mode 770\)/);
    expect(shown.stderr).toMatch(/chmod go-w/);
    expect(shown.stdout).toBe('');
    // history lists the others, and names this one with the fix instead of reading it.
    const listed = await runCli(['history'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(good.runId);
    expect(listed.stdout).not.toContain(loose.runId);
    expect(listed.stderr).toContain(`opsdeck: run ${loose.runId} not read: state dir ${loose.dir} is writable by group (mode 770)`);
    const json = JSON.parse((await runCli(['history', '--json'], env)).stdout) as { runs: { id: string }[]; problems: { runId: string; message: string }[] };
    expect(json.runs.map((r) => r.id)).toEqual([good.runId]);
    expect(json.problems).toEqual([expect.objectContaining({ runId: loose.runId, message: expect.stringMatching(/is writable by group.*chmod go-w/) })]);
    // Fixed: read again like any other run.
    chmodSync(loose.dir, 0o700);
    expect((await runCli(['show', loose.runId], env)).code).toBe(0);
    expect((await runCli(['history'], env)).stdout).toContain(loose.runId);
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

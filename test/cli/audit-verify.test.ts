import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { buildCli, type BuiltCli } from '../helpers/build-cli.js';

const WRITERS = 4;
const EACH = 30;

describe('opsdeck audit verify', () => {
  let cli: BuiltCli;
  let stateDir: string;
  let log: string;
  const verify = (dir: string) => spawnSync(process.execPath, [cli.main, 'audit', 'verify'], { env: { ...process.env, OPSDECK_STATE_DIR: dir }, encoding: 'utf8' });

  beforeAll(async () => {
    cli = await buildCli({ 'audit-child': 'test/helpers/audit-child.ts' });
    stateDir = tempDir();
    log = join(stateDir, 'audit.jsonl');
    // Concurrent appenders from separate processes: the chain must not fork.
    await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        new Promise<void>((res, rej) => {
          const p = spawn(process.execPath, [cli.entry('audit-child'), `w${i}`, String(EACH)], { env: { ...process.env, OPSDECK_STATE_DIR: stateDir, SSH_CLIENT: '10.1.2.3 50000 22', SUDO_USER: 'alice' }, stdio: 'inherit' });
          p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`writer exited ${code}`))));
        }),
      ),
    );
  }, 120_000);
  afterAll(removeTempDirs);

  it('concurrent appenders produce one intact chain, secrets masked, who recorded', () => {
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(WRITERS * EACH);
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: WRITERS * EACH }, (_, i) => i + 1));
    expect(entries[0]).toMatchObject({ sshClient: '10.1.2.3', sudoUser: 'alice', action: 'step.finish' });
    expect(typeof entries[0].host).toBe('string');
    expect(readFileSync(log, 'utf8')).not.toContain('hunter2-secret');
    expect(readFileSync(log, 'utf8')).not.toContain('password=abc');
    const r = verify(stateDir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`intact: ${WRITERS * EACH} entries`);
  });

  function tampered(edit: (lines: string[]) => string[]): ReturnType<typeof verify> {
    const dir = tempDir();
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'audit.jsonl'), edit(lines).join('\n') + '\n');
    return verify(dir);
  }

  it('reports an edited entry with its line number', () => {
    const r = tampered((l) => l.map((x, i) => (i === 9 ? x.replace('"outcome":"ok"', '"outcome":"skipped"') : x)));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/audit\.jsonl:10: entry 10 was edited/);
  });

  it('reports a removed entry', () => {
    const r = tampered((l) => l.filter((_x, i) => i !== 20));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/audit\.jsonl:21: entry 21 missing/);
  });

  it('reports reordered entries', () => {
    const r = tampered((l) => {
      const c = [...l];
      [c[30], c[31]] = [c[31]!, c[30]!];
      return c;
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/audit\.jsonl:31: /);
    expect(r.stdout).toMatch(/out of order/);
  });

  it('an untouched copy still verifies', () => {
    const dir = tempDir();
    copyFileSync(log, join(dir, 'audit.jsonl'));
    expect(verify(dir).status).toBe(0);
  });
});

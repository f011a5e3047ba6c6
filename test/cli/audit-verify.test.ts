import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, copyFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { hashEntry, type AuditEntry } from '../../src/domain/audit/audit-chain.js';
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

  /** A copy of the state dir (log, key, head) with the log edited as an attacker without the key would. */
  function copyState(): string {
    const dir = tempDir();
    for (const f of ['audit.jsonl', 'audit.key', 'audit.head']) copyFileSync(join(stateDir, f), join(dir, f));
    chmodSync(join(dir, 'audit.key'), 0o600);
    return dir;
  }
  function tampered(edit: (lines: string[]) => string[]): ReturnType<typeof verify> {
    const dir = copyState();
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const out = edit(lines);
    writeFileSync(join(dir, 'audit.jsonl'), out.length ? out.join('\n') + '\n' : '');
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

  it('reports a cut tail (truncation) through the head', () => {
    const r = tampered((l) => l.slice(0, 100));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/ends at entry 100 but its head records 120: entries were cut/);
  });

  it('reports an emptied log', () => {
    const r = tampered(() => []);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/records entry 120, which the log does not have/);
  });

  it('reports a deleted log', () => {
    const dir = copyState();
    rmSync(join(dir, 'audit.jsonl'));
    const r = verify(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/audit log .* is missing \(deleted\?\)/);
  });

  /** Recomputes the chain from line `from` on, as someone with the code but not the key can. */
  const rechain = (lines: string[], from: number, change: (e: Record<string, unknown>, i: number) => void, keepMac = false): string[] => {
    const out = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (let i = from; i < out.length; i++) {
      const e = out[i]!;
      change(e, i);
      if (i > 0) e.prev = out[i - 1]!.hash;
      e.hash = hashEntry(e as unknown as AuditEntry);
      if (!keepMac) delete e.mac;
    }
    return out.map((e) => JSON.stringify(e));
  };

  it('reports an appended entry forged with a recomputed hash', () => {
    const r = tampered((l) => {
      const last = JSON.parse(l[l.length - 1]!);
      const forged = { ...last, seq: last.seq + 1, step: 'forged', prev: last.hash, mac: last.mac };
      forged.hash = hashEntry(forged);
      return [...l, JSON.stringify(forged)];
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/audit\.jsonl:121: entry 121 was not written with this host's audit key/);
  });

  it('reports a rewritten chain (every hash recomputed, with or without the old MACs)', () => {
    for (const keepMac of [false, true]) {
      const r = tampered((l) => rechain(l, 0, (e, i) => i === 5 && (e.outcome = 'skipped'), keepMac));
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/entry 6 was not written with this host's audit key/);
    }
  });

  it('an untouched copy still verifies, and says what it covers', () => {
    const r = verify(copyState());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/intact: 120 entries, 1 seal\(s\) checked .*MACs checked with the host key/);
    expect(r.stdout).toMatch(/checked: every entry: content/);
    expect(r.stdout).toMatch(/not covered: someone holding the key/);
  });

  it('keeps the key private (0600) and the chain going across an entry of 100 KB', () => {
    expect(statSync(join(stateDir, 'audit.key')).mode & 0o777).toBe(0o600);
    const dir = copyState();
    const big = spawnSync(process.execPath, [cli.entry('audit-child'), 'big', '2', String(100 * 1024)], { env: { ...process.env, OPSDECK_STATE_DIR: dir }, encoding: 'utf8' });
    expect(big.status).toBe(0);
    const after = spawnSync(process.execPath, [cli.entry('audit-child'), 'after', '1'], { env: { ...process.env, OPSDECK_STATE_DIR: dir }, encoding: 'utf8' });
    expect(after.status).toBe(0);
    const seqs = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).seq);
    expect(seqs.slice(-3)).toEqual([121, 122, 123]);
    const r = verify(dir);
    expect(r.stdout).toContain('intact: 123 entries');
    expect(r.status).toBe(0);
  });

  it('forwards each entry to syslog through logger when OPSDECK_AUDIT_SYSLOG is set', async () => {
    const server = createSocket('udp4');
    const got: string[] = [];
    await new Promise<void>((res) => server.bind(0, '127.0.0.1', () => res()));
    server.on('message', (m) => got.push(m.toString()));
    try {
      const dir = copyState();
      const port = (server.address() as { port: number }).port;
      const w = spawnSync(process.execPath, [cli.entry('audit-child'), 'sys', '2'], { env: { ...process.env, OPSDECK_STATE_DIR: dir, OPSDECK_AUDIT_SYSLOG: `udp://127.0.0.1:${port}` }, encoding: 'utf8' });
      expect(w.status).toBe(0);
      const end = Date.now() + 10_000;
      while (got.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
      expect(got).toHaveLength(2);
      expect(got.join('\n')).toMatch(/opsdeck-audit/);
      expect(got.join('\n')).toMatch(/"seq":122/);
      expect(got.join('\n')).not.toContain('hunter2-secret');
    } finally {
      server.close();
    }
  });
});

// The real binary (npm run build first: `npm test` does) against a temp ops dir.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';

const BIN = resolve('bin/opsdeck.js');
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = tempDir();
  mkdirSync(join(dir, 'profiles'));
  writeFileSync(
    join(dir, 'profiles', 'shop.yaml'),
    `name: shop
environments:
  local: {}
secrets: [SHOP_DB_PASSWORD]
services:
  api:
    logs:
      - file: ./api.log
  worker:
    logs:
      - command: [sh, -c, 'echo "worker up"; echo "problem on stderr" >&2; echo "ERROR worker failed"']
`,
  );
  const lines = ['2026-11-23T18:00:00Z INFO started', '2026-11-23T18:00:01Z WARN slow connecting with pw-hunter2-xyz', '2026-11-23T18:00:02Z ERROR failed to connect', `${new Date().toISOString()} INFO recent line`];
  writeFileSync(join(dir, 'api.log'), lines.join('\n') + '\n');
  env = { ...process.env, OPSDECK_DIR: dir, OPSDECK_PROFILE: 'shop', OPSDECK_STATE_DIR: tempDir(), SHOP_DB_PASSWORD: 'pw-hunter2-xyz', NO_COLOR: '1' };
});
afterAll(() => removeTempDirs());

function logs(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'logs', ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('opsdeck logs (headless)', () => {
  it('prints the history masked, without colour in a pipe', () => {
    const r = logs('api');
    expect(r.code).toBe(0);
    expect(r.out).toContain('WARN slow connecting with ••••••');
    expect(r.out).not.toContain('pw-hunter2-xyz');
    expect(r.out).not.toContain('\x1b[');
    expect(r.out.trim().split('\n')).toHaveLength(4);
  });

  it('--grep searches far past the 100 lines a plain read shows, and says how far it looked', () => {
    const file = join(dir, 'api.log');
    const before = readFileSync(file, 'utf8');
    try {
      appendFileSync(file, Array.from({ length: 500 }, (_, i) => `2026-11-23T18:01:00Z INFO filler ${i}`).join('\n') + '\n');
      const plain = logs('api');
      expect(plain.out).not.toContain('failed to connect');
      expect(plain.err).toBe('');
      const found = logs('api', '--grep', 'failed to');
      expect(found.out.trim()).toBe('2026-11-23T18:00:02Z ERROR failed to connect');
      expect(found.err).toBe('opsdeck: searched the last 10000 lines of each log source (--tail N to search more or fewer)\n');
      expect(logs('api', '--grep', 'failed to', '--tail', '50')).toMatchObject({ out: '', err: 'opsdeck: searched the last 50 lines of each log source\n' });
    } finally {
      writeFileSync(file, before);
    }
  });

  it('--grep, --level and --tail narrow the output; several services get a prefix', () => {
    expect(logs('api', '--grep', 'CONNECT').out.trim().split('\n')).toEqual(['2026-11-23T18:00:01Z WARN slow connecting with ••••••', '2026-11-23T18:00:02Z ERROR failed to connect']);
    expect(logs('api', '--level', 'error').out.trim()).toBe('2026-11-23T18:00:02Z ERROR failed to connect');
    expect(logs('api', '--tail', '1').out.trim()).toMatch(/INFO recent line$/);
    expect(logs('api', '--since', '10m').out.trim()).toMatch(/^\S+ INFO recent line$/);
    const both = logs('api', 'worker', '--level', 'error');
    expect(both.out).toContain('worker | ERROR worker failed');
    expect(both.out).toContain('api    | 2026-11-23T18:00:02Z ERROR failed to connect');
    // The command's stderr is the source's error, not a log line.
    expect(both.err).toContain('problem on stderr');
    expect(logs('worker').out).not.toContain('problem on stderr');
  }, 120_000); // seven runs of the real binary on a loaded 2-core machine

  it('--json prints one documented object per line', () => {
    const r = logs('api', '--json', '--level', 'warn');
    const recs = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(recs).toHaveLength(2);
    recs.forEach(expectJsonVocabulary);
    expect(recs[0]).toEqual({ version: 1, seq: expect.any(Number), service: 'api', source: expect.stringContaining('api.log'), loggedAt: '2026-11-23T18:00:01.000Z', level: 'warn', stream: null, text: '2026-11-23T18:00:01Z WARN slow connecting with ••••••' });
  });

  it('rejects unknown services, levels and bad regexes with exit 2', () => {
    expect(logs('apii')).toMatchObject({ code: 2, err: expect.stringContaining('did you mean "api"') });
    expect(logs('api', '--level', 'loud')).toMatchObject({ code: 2, err: expect.stringContaining('unknown level') });
    expect(logs('api', '--grep', '(')).toMatchObject({ code: 2, err: expect.stringContaining('logs: --grep: invalid regular expression "(": Unterminated group') });
  });

  it('-f follows appended lines until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'logs', 'api', '-f', '--tail', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    await waitUntil(() => out.includes('recent line'));
    appendFileSync(join(dir, 'api.log'), 'followed line one\nfollowed SHOP pw-hunter2-xyz\n');
    await waitUntil(() => out.includes('followed SHOP'));
    expect(out).toContain('followed line one\nfollowed SHOP ••••••\n');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('`opsdeck logs api -f | head -1` ends promptly with status 0 even when no new line comes', () => {
    const started = Date.now();
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" logs api -f | head -1; echo "status=\${PIPESTATUS[0]}"`], { env, encoding: 'utf8', timeout: 15_000 });
    expect(r.stdout).toMatch(/INFO started\nstatus=0\n$/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

async function waitUntil(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

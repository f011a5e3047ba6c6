// Probers against real loopback servers and real child processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CompositeProber } from '../../../src/adapters/health/composite-prober.js';
import { startFixtureServer, closedPort, type FixtureServer } from '../../helpers/http-fixtures.js';
import { commandCheck, httpCheck, tcpCheck } from '../../helpers/health-checks.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';

let server: FixtureServer;
const prober = new CompositeProber();
const never = new AbortController().signal;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  prober.close();
  await server.close();
  removeTempDirs();
});

describe('http prober', () => {
  it.each([
    ['default 2xx', {}, true, undefined],
    ['explicit status', { status: [200] }, true, undefined],
    ['body_contains', { bodyContains: 'all ok' }, true, undefined],
    ['body_contains missing', { bodyContains: 'nope' }, false, 'body does not contain "nope"'],
    ['body_regex', { bodyRegex: '"status":\\s*"up"' }, true, undefined],
    ['body_regex miss', { bodyRegex: '^down' }, false, 'body does not match /^down/'],
    ['invalid regex', { bodyRegex: '(' }, false, 'invalid body_regex "("'],
    ['json path equals', { json: { path: 'items[0].state', equals: 'green' } }, true, undefined],
    ['json path differs', { json: { path: 'status', equals: 'down' } }, false, 'json status is "up" (expected "down")'],
    ['json path missing', { json: { path: 'items[3].state', equals: 'green' } }, false, 'json path "items[3].state" not found (missing at items[3])'],
  ] as const)('%s', async (_name, extra, ok, error) => {
    const r = await prober.probe(httpCheck(`${server.url}/ok`, extra as never), never);
    expect(r.ok).toBe(ok);
    expect(r.error).toBe(error);
    expect(r.check).toBe('http');
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a 503 with the expected status', async () => {
    expect((await prober.probe(httpCheck(`${server.url}/fail`), never)).error).toBe('status 503 (expected 2xx/3xx)');
    expect((await prober.probe(httpCheck(`${server.url}/fail`, { status: [200] }), never)).error).toBe('status 503 (expected 200)');
  });

  it('passes a slow answer but marks it slow past max_latency', async () => {
    const r = await prober.probe(httpCheck(`${server.url}/slow?ms=300`, { maxLatencyMs: 100 }), never);
    expect(r).toMatchObject({ ok: true, slow: true });
    expect(r.latencyMs).toBeGreaterThanOrEqual(250);
    const fast = await prober.probe(httpCheck(`${server.url}/ok`, { maxLatencyMs: 5000 }), never);
    expect(fast.slow).toBeUndefined();
  });

  it('times out a server that never answers on time, while others complete long before', async () => {
    const t0 = performance.now();
    const done: string[] = [];
    const track = (name: string, p: Promise<{ ok: boolean }>) => p.then((r) => (done.push(name), { name, r, at: performance.now() - t0 }));
    const results = await Promise.all([
      track('hang', prober.probe(httpCheck(`${server.url}/hang`, { timeoutMs: 1500 }), never)),
      track('ok', prober.probe(httpCheck(`${server.url}/ok`), never)),
      track('fail', prober.probe(httpCheck(`${server.url}/fail`), never)),
      track('slow', prober.probe(httpCheck(`${server.url}/slow?ms=200`), never)),
    ]);
    expect(done.at(-1)).toBe('hang');
    const hang = results[0];
    expect(hang.r).toMatchObject({ ok: false, error: 'timeout after 1.5s' });
    // on time: not before the timeout, and not long after it (generous: shared 2-core machine)
    expect(hang.at).toBeGreaterThanOrEqual(1450);
    expect(hang.at).toBeLessThan(1500 + 1500);
    for (const other of results.slice(1)) expect(other.at).toBeLessThan(hang.at - 500);
  });

  it('reads a bounded amount of an endless body', async () => {
    const plain = await prober.probe(httpCheck(`${server.url}/stream`, { timeoutMs: 5000 }), never);
    expect(plain).toMatchObject({ ok: true });
    expect(plain.latencyMs).toBeLessThan(4000);
    const searched = await prober.probe(httpCheck(`${server.url}/stream`, { timeoutMs: 5000, bodyContains: 'needle' }), never);
    expect(searched).toMatchObject({ ok: false, error: 'body does not contain "needle"' });
  });

  it('says connection refused for a closed port, and rejects bad urls', async () => {
    const port = await closedPort();
    expect((await prober.probe(httpCheck(`http://127.0.0.1:${port}/`), never)).error).toBe('connection refused');
    expect((await prober.probe(httpCheck('not a url'), never)).error).toBe('invalid url "not a url"');
  });

  it('stops at the caller signal', async () => {
    const ac = new AbortController();
    const p = prober.probe(httpCheck(`${server.url}/hang`, { timeoutMs: 10_000 }), ac.signal);
    setTimeout(() => ac.abort(), 100);
    expect(await p).toMatchObject({ ok: false, error: 'cancelled' });
  });
});

describe('tcp prober', () => {
  it('passes on an open port and fails on a closed one', async () => {
    expect(await prober.probe(tcpCheck(server.port), never)).toMatchObject({ ok: true });
    expect(await prober.probe(tcpCheck(await closedPort()), never)).toMatchObject({ ok: false, error: 'connection refused' });
    expect(await prober.probe(tcpCheck('http'), never)).toMatchObject({ ok: false, error: 'invalid port "http"' });
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a zombie waiting for its reaper is dead for our purpose
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('command prober', () => {
  it('passes on exit 0 and reports the exit code and last output line otherwise', async () => {
    expect(await prober.probe(commandCheck([process.execPath, '-e', 'process.exit(0)']), never)).toMatchObject({ ok: true });
    const r = await prober.probe(commandCheck([process.execPath, '-e', 'console.log("step 1"); console.error("db not ready"); process.exit(3)']), never);
    expect(r).toMatchObject({ ok: false, error: 'exit 3: db not ready' });
    expect(await prober.probe(commandCheck(['opsdeck-no-such-program-xyz']), never)).toMatchObject({ ok: false, error: 'command not found: opsdeck-no-such-program-xyz' });
  });

  it('kills the whole process group on timeout: no orphan', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'child.pid');
    // The checked program starts a grandchild and both would outlive the timeout.
    const script = `const { spawn } = require('node:child_process'); const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setInterval(() => {}, 1000);`;
    const t0 = performance.now();
    const r = await prober.probe(commandCheck([process.execPath, '-e', script], { timeoutMs: 1500 }), never);
    const took = performance.now() - t0;
    expect(r).toMatchObject({ ok: false, error: 'timeout after 1.5s' });
    expect(took).toBeLessThan(1500 + 2000);
    expect(existsSync(pidFile)).toBe(true);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(grandchild)).toBe(false);
  });
});

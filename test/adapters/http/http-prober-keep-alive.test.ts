// The HTTP prober reuses its connections (keep-alive): against a real loopback server that
// counts TCP connections, N checks in a row open one; checks at once open no more than run at
// once; a kept-alive socket the server closed meanwhile costs one retry, not a failed check.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpProber } from '../../../src/adapters/http/http-prober.js';
import type { HealthCheckSpec } from '../../../src/domain/profile/profile-model.js';
import { until } from '../../helpers/until.js';

interface CountingServer {
  url: string;
  /** TCP connections accepted so far. */
  connections: number;
  requests: number;
  server: http.Server;
}

const open: { server: http.Server; prober: HttpProber }[] = [];
afterEach(async () => {
  for (const { server, prober } of open.splice(0)) {
    prober.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

async function start(body = 'ok'): Promise<{ s: CountingServer; prober: HttpProber }> {
  const server = http.createServer((req, res) => {
    s.requests++;
    // Framed as real servers frame a HEAD answer too (node leaves a HEAD answer unframed
    // without it, and then closes the connection itself).
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
  });
  server.keepAliveTimeout = 30_000;
  const s: CountingServer = { url: '', connections: 0, requests: 0, server };
  server.on('connection', () => s.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  const prober = new HttpProber();
  open.push({ server, prober });
  return { s, prober };
}

const check = (url: string, extra: Partial<Extract<HealthCheckSpec, { kind: 'http' }>> = {}): HealthCheckSpec => ({
  kind: 'http', name: 'h', intervalMs: 2000, timeoutMs: 5000, url, method: 'GET', headers: {}, ...extra,
});

const probe = (prober: HttpProber, spec: HealthCheckSpec) => prober.probe(spec, new AbortController().signal);

describe('HTTP prober keep-alive', () => {
  it.each([
    ['a plain GET', {}],
    ['a GET that reads the body', { bodyContains: 'ok' }],
    ['a HEAD', { method: 'HEAD' as const }],
  ])('%s: 20 checks in a row over one TCP connection', async (_what, extra) => {
    const { s, prober } = await start();
    for (let i = 0; i < 20; i++) expect((await probe(prober, check(s.url, extra))).ok).toBe(true);
    expect(s.requests).toBe(20);
    expect(s.connections).toBe(1);
  });

  it('checks at once: no more connections than checks in flight, reused by the next round', async () => {
    const { s, prober } = await start();
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(Array.from({ length: 4 }, () => probe(prober, check(s.url))));
      expect(results.every((r) => r.ok)).toBe(true);
    }
    expect(s.requests).toBe(20);
    expect(s.connections).toBeLessThanOrEqual(4);
  });

  it('a kept-alive connection the server closed while idle: the next check still passes, on a new connection', async () => {
    const { s, prober } = await start();
    expect((await probe(prober, check(s.url))).ok).toBe(true);
    // The server drops its idle connection (as one past its keep-alive timeout does).
    s.server.closeIdleConnections();
    await new Promise((r) => setImmediate(r));
    expect((await probe(prober, check(s.url))).ok).toBe(true);
    expect(s.connections).toBe(2);
  });

  it('close() releases the kept-alive sockets (the server sees them end)', async () => {
    const { s, prober } = await start();
    expect((await probe(prober, check(s.url))).ok).toBe(true);
    expect(await connectionsOf(s.server)).toBe(1);
    prober.close();
    await until('the server to see the connection end', async () => (await connectionsOf(s.server)) === 0, 10_000, 10);
  });
});

function connectionsOf(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
}

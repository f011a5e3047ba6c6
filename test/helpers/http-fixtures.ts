// Real HTTP servers on 127.0.0.1 (port 0) that answer, fail, answer slowly or never answer.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FixtureServer {
  url: string;
  port: number;
  /** Switches what / answers: ok, fail (503), slow (delayMs), hang (never). */
  mode: 'ok' | 'fail' | 'slow' | 'hang';
  close(): Promise<void>;
}

/**
 * Routes: /ok → 200 JSON {"status":"up","items":[{"state":"green"}]}; /fail → 503;
 * /slow?ms=N → 200 after N ms; /hang → never answers; /stream → an endless body;
 * / → depends on `mode`.
 */
export async function startFixtureServer(delayMs = 400): Promise<FixtureServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const route = url.pathname === '/' ? `/${fixture.mode}` : url.pathname;
    const ok = (): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'up', text: 'all ok', items: [{ state: 'green' }] }));
    };
    if (route === '/ok') return ok();
    if (route === '/fail') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      return void res.end('unavailable');
    }
    if (route === '/slow') {
      setTimeout(ok, Number(url.searchParams.get('ms') ?? delayMs));
      return;
    }
    if (route === '/hang') return; // never answers
    if (route === '/stream') {
      // An endless body: 16 KB every few ms until the client goes away.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(16 * 1024);
      const t = setInterval(() => res.write(chunk), 2);
      res.on('close', () => clearInterval(t));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const fixture: FixtureServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    mode: 'ok',
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return fixture;
}

/** A port that was free a moment ago and has nothing listening now. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

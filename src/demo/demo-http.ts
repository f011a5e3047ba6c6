// The HTTP side every demo role shares: JSON helpers, and the control endpoints that make a
// service fail, slow down or recover on command (POST /control/fail|slow?ms=N|recover).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DemoLogger } from './demo-logger.js';

export interface DemoControl {
  failing: boolean;
  slowMs: number;
}

export interface DemoRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
}

export type DemoHandler = (req: DemoRequest, res: ServerResponse) => Promise<void> | void;

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function startDemoServer(role: string, port: number, log: DemoLogger, control: DemoControl, handler: DemoHandler): Promise<Server> {
  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      log.error(`request failed: ${(e as Error).message}`, { path: req.url ?? '' });
      if (!res.headersSent) sendJson(res, 500, { error: (e as Error).message });
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    if (url.pathname.startsWith('/control/') && req.method === 'POST') return controlRequest(url, res);
    if (control.slowMs > 0) await new Promise((r) => setTimeout(r, control.slowMs));
    if (control.failing) {
      if (url.pathname !== '/health') log.error(`refusing ${req.method} ${url.pathname}: failure injected by /control/fail`);
      return sendJson(res, 500, { status: 'failing', role, reason: 'failure injected by /control/fail' });
    }
    await handler({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, headers: req.headers }, res);
  }
  function controlRequest(url: URL, res: ServerResponse): void {
    const action = url.pathname.slice('/control/'.length);
    // The control command names the role it means: the wrong port changes nothing.
    const meant = url.searchParams.get('role');
    if (meant && meant !== role) return sendJson(res, 409, { error: `this is the ${role} service, not ${meant}`, role });
    if (action === 'fail') control.failing = true;
    else if (action === 'slow') control.slowMs = Math.max(0, Math.min(60_000, Number(url.searchParams.get('ms') ?? 1500) || 1500));
    else if (action === 'recover') Object.assign(control, { failing: false, slowMs: 0 });
    else return sendJson(res, 404, { error: `unknown control "${action}" (fail, slow, recover)` });
    log.warn(`control: ${action}`, { failing: control.failing, slow_ms: control.slowMs });
    sendJson(res, 200, { role, ...control });
  }
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_000_000) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  if (!chunks.length) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Small JSON client with a timeout; never throws for HTTP statuses, only for transport errors. */
export async function fetchJson(url: string, init: { method?: string; body?: unknown; token?: string; timeoutMs?: number } = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 2000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return { status: res.status, body };
}

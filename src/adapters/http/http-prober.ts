// HTTP(S) health checks with node:http: one deadline for the whole exchange (connect, headers,
// body), a bounded body read, and keep-alive agents so a cycle of many checks reuses sockets.
import http from 'node:http';
import https from 'node:https';
import type { HealthCheckSpec } from '../../domain/profile/profile-model.js';
import type { CheckResult } from '../../domain/health/health-model.js';
import type { HealthProber } from '../../ports/health-prober.js';
import { failed, passed, networkError, timeoutError } from '../../domain/health/check-result.js';
import { jsonPathMismatch } from '../../domain/health/json-path.js';

type HttpCheck = Extract<HealthCheckSpec, { kind: 'http' }>;

export interface HttpProberOptions {
  /** Bytes of body read for body_contains / body_regex / json checks. @default 65536 */
  maxBodyBytes?: number;
}

type Exchange = { status: number; body: string; reused: boolean } | { error: string; code?: string; reused: boolean };

export class HttpProber implements HealthProber {
  private readonly maxBodyBytes: number;
  // lifo: the most recently used sockets are the least likely to have been closed by the server.
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
  };

  constructor(options: HttpProberOptions = {}) {
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  }

  async probe(check: HealthCheckSpec, signal: AbortSignal): Promise<CheckResult> {
    const at = Date.now();
    const start = performance.now();
    if (check.kind !== 'http') return failed(check.name, at, 0, `not an http check (${check.kind})`);
    const url = this.parse(check.url);
    if (!url) return failed(check.name, at, 0, `invalid url "${check.url}"`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed(check.name, at, 0, `unsupported url scheme ${url.protocol}`);

    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort();
    }, check.timeoutMs);
    const onAbort = (): void => deadline.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    try {
      let ex = await this.exchange(url, check, deadline.signal);
      // A kept-alive socket the server closed meanwhile: the documented remedy is one retry.
      if ('error' in ex && ex.reused && ex.code === 'ECONNRESET' && !deadline.signal.aborted) ex = await this.exchange(url, check, deadline.signal);
      const latencyMs = Math.round(performance.now() - start);
      if (timedOut) return failed(check.name, at, latencyMs, timeoutError(check.timeoutMs));
      if (signal.aborted) return failed(check.name, at, latencyMs, 'cancelled');
      if ('error' in ex) return failed(check.name, at, latencyMs, ex.error);
      const problem = judge(check, ex.status, ex.body);
      if (problem) return failed(check.name, at, latencyMs, problem);
      return passed(check.name, at, latencyMs, check.maxLatencyMs !== undefined && latencyMs > check.maxLatencyMs);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  // Parsed URLs by text: a cycle probes the same few URLs over and over. Bounded.
  private readonly urls = new Map<string, URL | null>();

  private parse(text: string): URL | undefined {
    let url = this.urls.get(text);
    if (url === undefined) {
      url = URL.canParse(text) ? new URL(text) : null;
      if (this.urls.size >= 10_000) this.urls.clear();
      this.urls.set(text, url);
    }
    return url ?? undefined;
  }

  /** Releases kept-alive sockets. */
  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }

  private exchange(url: URL, check: HttpCheck, signal: AbortSignal): Promise<Exchange> {
    const needBody = check.method !== 'HEAD' && (check.bodyContains !== undefined || check.bodyRegex !== undefined || check.json !== undefined);
    return new Promise<Exchange>((resolve) => {
      let settled = false;
      let reused = false;
      let res: http.IncomingMessage | undefined;
      const settle = (r: Exchange): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', abort);
        resolve(r);
      };
      const abort = (): void => {
        settle({ error: 'aborted', reused });
        res?.destroy();
        req.destroy();
      };
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(url, { method: check.method, headers: { 'user-agent': 'opsdeck-health', ...check.headers }, agent: this.agents[url.protocol as 'http:'] });
      req.on('socket', () => {
        reused = req.reusedSocket;
      });
      req.on('error', (e: NodeJS.ErrnoException) => settle({ error: networkError(e.code, e.message, url.hostname), code: e.code, reused }));
      req.on('response', (response) => {
        res = response;
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (needBody && size < this.maxBodyBytes) chunks.push(chunk);
          size += chunk.length;
          // Enough to judge: stop reading (the socket is given up rather than drained).
          if (size >= this.maxBodyBytes) {
            settle({ status, body: Buffer.concat(chunks).subarray(0, this.maxBodyBytes).toString('utf8'), reused });
            response.destroy();
          }
        });
        response.on('end', () => settle({ status, body: Buffer.concat(chunks).toString('utf8'), reused }));
        response.on('error', (e: NodeJS.ErrnoException) => settle({ error: networkError(e.code, e.message, url.hostname), code: e.code, reused }));
      });
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
      req.end();
    });
  }
}

/** Why a response fails its check, or undefined when it passes. */
function judge(check: HttpCheck, status: number, body: string): string | undefined {
  if (check.status ? !check.status.includes(status) : status < 200 || status >= 400) {
    return `status ${status} (expected ${check.status ? check.status.join(' or ') : '2xx/3xx'})`;
  }
  if (check.bodyContains !== undefined && !body.includes(check.bodyContains)) return `body does not contain ${JSON.stringify(check.bodyContains)}`;
  if (check.bodyRegex !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(check.bodyRegex);
    } catch {
      return `invalid body_regex ${JSON.stringify(check.bodyRegex)}`;
    }
    if (!re.test(body)) return `body does not match /${check.bodyRegex}/`;
  }
  if (check.json) return jsonPathMismatch(body, check.json.path, check.json.equals);
  return undefined;
}

// The orders API on top of the store. Its version comes from <data>/api.version at start
// (default 1.0.0); a version ending in "-bad" fails /health, which the deploy runbook's health
// gate catches and rolls back. /health also checks the store.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoToken, type DemoLogger } from './demo-logger.js';
import { fetchJson, sendJson, startDemoServer, type DemoControl } from './demo-http.js';

export function readApiVersion(dataDir: string): string {
  try {
    return readFileSync(join(dataDir, 'api.version'), 'utf8').trim() || '1.0.0';
  } catch {
    return '1.0.0';
  }
}

export async function runApi(port: number, dataDir: string, storeUrl: string, log: DemoLogger, control: DemoControl): Promise<() => void> {
  const version = readApiVersion(dataDir);
  const token = demoToken();
  const store = async (path: string, method = 'GET', body?: unknown) => fetchJson(`${storeUrl}${path}`, { method, body, timeoutMs: 1500 });
  const server = await startDemoServer('api', port, log, control, async (req, res) => {
    const t0 = Date.now();
    if (req.path === '/health') {
      if (version.endsWith('-bad')) return sendJson(res, 500, { status: 'error', version, reason: `build ${version} is broken` });
      try {
        const s = await store('/health');
        if (s.status !== 200) return sendJson(res, 503, { status: 'degraded', version, store: `status ${s.status}` });
      } catch (e) {
        return sendJson(res, 503, { status: 'degraded', version, store: `unreachable: ${(e as Error).message}` });
      }
      return sendJson(res, 200, { status: 'ok', version, store: 'ok' });
    }
    if (req.path === '/version') return sendJson(res, 200, { version });
    if (!req.path.startsWith('/orders')) return sendJson(res, 404, { error: `no route ${req.method} ${req.path}` });
    if (req.method !== 'GET' && req.headers.authorization !== `Bearer ${token}`) {
      log.warn(`rejected ${req.method} ${req.path}: missing or wrong API token`);
      return sendJson(res, 401, { error: 'missing or wrong API token' });
    }
    try {
      const r = await store(req.path + (req.query.size ? `?${req.query}` : ''), req.method, req.body);
      const level = r.status >= 500 ? 'error' : r.status >= 400 ? 'warn' : 'info';
      log.log(level, `${req.method} ${req.path} ${r.status} ${Date.now() - t0}ms`);
      sendJson(res, r.status, r.body);
    } catch (e) {
      log.error(`${req.method} ${req.path} 502: store unreachable (${(e as Error).message})`);
      sendJson(res, 502, { error: 'store unreachable' });
    }
  });
  log.info(`orders API ${version} ready`, { store: storeUrl });
  const stop = log.chatter([
    ['info', 'connection pool: 4 active, 12 idle'],
    ['info', 'cache hit ratio 0.93 over the last minute'],
    ['warn', 'p99 latency above 250ms for GET /orders'],
    ['warn', 'client sent deprecated header X-Order-Source'],
    ['error', 'request timed out waiting for store after 1500ms (retried)'],
  ]);
  return () => {
    stop();
    server.close();
  };
}

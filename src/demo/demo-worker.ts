// The worker: polls the API for pending orders and marks them processed. Its /health says
// whether it polled successfully lately, so a broken API shows up here too.
import { demoToken, type DemoLogger } from './demo-logger.js';
import { fetchJson, sendJson, startDemoServer, type DemoControl } from './demo-http.js';
import type { Order } from './demo-store.js';

const STALL_MS = 10_000;

export async function runWorker(port: number, apiUrl: string, log: DemoLogger, control: DemoControl): Promise<() => void> {
  const token = demoToken();
  let lastOk = Date.now();
  let lastError = '';
  let processed = 0;
  const server = await startDemoServer('worker', port, log, control, (req, res) => {
    if (req.path !== '/health') return sendJson(res, 404, { error: `no route ${req.method} ${req.path}` });
    const ago = Date.now() - lastOk;
    if (ago > STALL_MS) return sendJson(res, 503, { status: 'stalled', last_ok_ms_ago: ago, error: lastError });
    sendJson(res, 200, { status: 'ok', processed, last_ok_ms_ago: ago });
  });
  let timer: NodeJS.Timeout;
  let stopped = false;
  const poll = async (): Promise<void> => {
    if (control.failing) {
      log.error('cannot process orders: failure injected by /control/fail');
      return;
    }
    try {
      const r = await fetchJson(`${apiUrl}/orders?status=pending`, { timeoutMs: 3000 });
      if (r.status !== 200) throw new Error(`API answered ${r.status}`);
      for (const o of ((r.body as { orders?: Order[] }).orders ?? []).slice(0, 5)) {
        if (control.slowMs) await new Promise((ok) => setTimeout(ok, control.slowMs));
        const u = await fetchJson(`${apiUrl}/orders/${o.id}`, { method: 'PUT', body: { status: 'processed' }, token, timeoutMs: 3000 });
        if (u.status !== 200) throw new Error(`could not mark ${o.id} processed: API answered ${u.status}`);
        processed++;
        log.info(`processed order ${o.id}`, { item: o.item, qty: o.qty });
      }
      lastOk = Date.now();
    } catch (e) {
      lastError = (e as Error).message;
      log.error(`poll failed: ${lastError}`);
    }
  };
  const loop = (): void => {
    void poll().finally(() => {
      if (!stopped) timer = setTimeout(loop, 2000);
    });
  };
  loop();
  const stop = log.chatter([
    ['info', 'queue depth 0, idle'],
    ['info', 'heartbeat sent to scheduler'],
    ['warn', 'order processing took longer than 1s'],
    ['warn', 'retrying order after transient error'],
    ['error', 'dead-lettered a malformed order payload'],
  ]);
  return () => {
    stopped = true;
    clearTimeout(timer);
    stop();
    server.close();
  };
}

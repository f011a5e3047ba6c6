// The web front: a page listing recent orders, and simulated customers placing an order every
// few seconds through the API (real traffic for the other services to log).
import { demoToken, type DemoLogger } from './demo-logger.js';
import { fetchJson, startDemoServer, sendJson, type DemoControl } from './demo-http.js';
import type { Order } from './demo-store.js';

const ITEMS = ['espresso beans', 'green tea', 'oat milk', 'ceramic mug', 'pour-over kit', 'grinder'];

export async function runWeb(port: number, apiUrl: string, log: DemoLogger, control: DemoControl): Promise<() => void> {
  const token = demoToken();
  const server = await startDemoServer('web', port, log, control, async (req, res) => {
    if (req.path === '/health') return sendJson(res, 200, { status: 'ok', role: 'web' });
    if (req.path !== '/') return sendJson(res, 404, { error: `no route ${req.method} ${req.path}` });
    let rows = '<tr><td colspan="3">API unavailable</td></tr>';
    try {
      const r = await fetchJson(`${apiUrl}/orders`, { timeoutMs: 2000 });
      const orders = (r.body as { orders?: Order[] }).orders ?? [];
      rows = orders.slice(-20).reverse().map((o) => `<tr><td>${o.id}</td><td>${escapeHtml(o.item)} x${o.qty}</td><td>${o.status}</td></tr>`).join('');
    } catch (e) {
      log.warn(`page rendered without orders: ${(e as Error).message}`);
    }
    const html = `<!doctype html><title>demo shop</title><h1>Recent orders</h1><table>${rows}</table>\n`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  let timer: NodeJS.Timeout;
  const order = async (): Promise<void> => {
    const item = ITEMS[Math.floor(Math.random() * ITEMS.length)]!;
    const qty = 1 + Math.floor(Math.random() * 3);
    try {
      const r = await fetchJson(`${apiUrl}/orders`, { method: 'POST', body: { item, qty }, token, timeoutMs: 3000 });
      if (r.status === 201) log.info(`customer placed order ${(r.body as Order).id}`, { item, qty });
      else log.error(`checkout failed: API answered ${r.status}`, { item });
    } catch (e) {
      log.error(`checkout failed: ${(e as Error).message}`, { item });
    }
  };
  const loop = (): void => {
    timer = setTimeout(() => {
      if (!control.failing) void order();
      loop();
    }, 3000 + Math.random() * 3000);
  };
  loop();
  const stop = log.chatter([
    ['info', 'served / to 127.0.0.1 in 4ms'],
    ['info', 'static assets cache warmed'],
    ['warn', 'session cookie without SameSite from an old client'],
    ['error', 'template render error in footer partial (fallback used)'],
  ]);
  return () => {
    clearTimeout(timer);
    stop();
    server.close();
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

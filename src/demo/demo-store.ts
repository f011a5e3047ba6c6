// The store: orders as one JSON file each in <data>/orders, written atomically so a backup
// taken at any moment sees whole files. It is what the demo's backup and restore runbooks move.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DemoLogger } from './demo-logger.js';
import { sendJson, startDemoServer, type DemoControl } from './demo-http.js';

export interface Order {
  id: string;
  item: string;
  qty: number;
  status: 'pending' | 'processed';
  createdAt: string;
  processedAt?: string;
}

/** Oldest processed orders beyond this are pruned, so a demo left running stays small. */
const MAX_ORDERS = 300;
const ID = /^ord-[a-z0-9-]+$/;

export function ordersDir(dataDir: string): string {
  return join(dataDir, 'orders');
}

export function readOrders(dataDir: string): Order[] {
  const dir = ordersDir(dataDir);
  const out: Order[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json')) continue;
    try {
      out.push(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Order);
    } catch {
      /* a file being replaced, or damaged by hand: skip it */
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

function writeOrder(dataDir: string, order: Order): void {
  const file = join(ordersDir(dataDir), `${order.id}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(order, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}

function prune(dataDir: string, log: DemoLogger): void {
  const orders = readOrders(dataDir);
  const extra = orders.length - MAX_ORDERS;
  if (extra <= 0) return;
  const old = orders.filter((o) => o.status === 'processed').slice(0, extra);
  for (const o of old) rmSync(join(ordersDir(dataDir), `${o.id}.json`), { force: true });
  log.info(`pruned ${old.length} old processed orders`);
}

export async function runStore(port: number, dataDir: string, log: DemoLogger, control: DemoControl): Promise<() => void> {
  mkdirSync(ordersDir(dataDir), { recursive: true });
  const server = await startDemoServer('store', port, log, control, (req, res) => {
    if (req.path === '/health') return sendJson(res, 200, { status: 'ok', role: 'store', orders: readOrders(dataDir).length });
    if (req.path === '/orders' && req.method === 'GET') {
      const status = req.query.get('status');
      const orders = readOrders(dataDir).filter((o) => !status || o.status === status);
      return sendJson(res, 200, { orders: orders.slice(-100) });
    }
    if (req.path === '/orders' && req.method === 'POST') {
      const b = (req.body ?? {}) as Partial<Order>;
      if (typeof b.item !== 'string' || typeof b.qty !== 'number') return sendJson(res, 400, { error: 'item (string) and qty (number) are required' });
      const order: Order = { id: `ord-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`, item: b.item, qty: b.qty, status: 'pending', createdAt: new Date().toISOString() };
      writeOrder(dataDir, order);
      log.info(`stored order ${order.id}`, { item: order.item, qty: order.qty });
      prune(dataDir, log);
      return sendJson(res, 201, order);
    }
    const m = /^\/orders\/([^/]+)$/.exec(req.path);
    if (m && ID.test(m[1]!)) {
      const file = join(ordersDir(dataDir), `${m[1]}.json`);
      let order: Order;
      try {
        order = JSON.parse(readFileSync(file, 'utf8')) as Order;
      } catch {
        log.warn(`order ${m[1]} not found`);
        return sendJson(res, 404, { error: `no order ${m[1]}` });
      }
      if (req.method === 'GET') return sendJson(res, 200, order);
      if (req.method === 'PUT') {
        const b = (req.body ?? {}) as Partial<Order>;
        const next: Order = { ...order, ...(b.status === 'processed' ? { status: 'processed', processedAt: new Date().toISOString() } : {}) };
        writeOrder(dataDir, next);
        return sendJson(res, 200, next);
      }
    }
    sendJson(res, 404, { error: `no route ${req.method} ${req.path}` });
  });
  const stop = log.chatter([
    ['info', 'fsync of orders directory complete'],
    ['info', 'compaction skipped: nothing to do'],
    ['info', 'snapshot of index written'],
    ['warn', 'disk usage of data dir above 70% of soft quota'],
    ['warn', 'slow write: 212ms for one order file'],
    ['error', 'checksum mismatch on index page 12, rebuilt from files'],
  ]);
  return () => {
    stop();
    server.close();
  };
}

// The demo's services in one program (dist/demo/demo-service.js), plus the command that makes
// one of them fail, slow down or recover:
//   demo-service store  --port N --data DIR
//   demo-service api    --port N --data DIR --store-url URL
//   demo-service worker --port N --api-url URL
//   demo-service web    --port N --api-url URL
//   demo-service control ROLE fail|slow|recover --port N [--ms 1500]
// DEMO_API_TOKEN guards the API's writes; unset, the public demo value in demo-logger.ts is used.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DemoLogger } from './demo-logger.js';
import type { DemoControl } from './demo-http.js';
import { runStore } from './demo-store.js';
import { runApi } from './demo-api.js';
import { runWorker } from './demo-worker.js';
import { runWeb } from './demo-web.js';
import { sendControl } from './demo-control.js';

const ROLES = ['store', 'api', 'worker', 'web'] as const;
type Role = (typeof ROLES)[number];

const USAGE = `usage: demo-service store|api|worker|web --port N [--data DIR] [--store-url URL] [--api-url URL]
       demo-service control ROLE fail|slow|recover --port N [--ms 1500]`;

function fail(message: string): never {
  process.stderr.write(`demo-service: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function port(value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1 || n > 65535) fail(`--port must be a number from 1 to 65535, got ${JSON.stringify(value ?? '')}`);
  return n;
}

function need(name: string, value: string | undefined): string {
  if (!value) fail(`--${name} is required`);
  return value;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { port: { type: 'string' }, data: { type: 'string' }, 'store-url': { type: 'string' }, 'api-url': { type: 'string' }, ms: { type: 'string' } },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [first, second, third] = positionals;
  if (first === 'control') {
    if (!second || !third) fail('control needs ROLE and an action (fail, slow, recover)');
    process.exitCode = await sendControl(second, third, port(values.port), values.ms);
    return;
  }
  if (!ROLES.includes(first as Role)) fail(`unknown role ${JSON.stringify(first ?? '')}`);
  const role = first as Role;
  const log = new DemoLogger(role);
  const control: DemoControl = { failing: false, slowMs: 0 };
  const p = port(values.port);
  let stop: () => void;
  try {
    if (role === 'store') stop = await runStore(p, resolve(need('data', values.data)), log, control);
    else if (role === 'api') stop = await runApi(p, resolve(need('data', values.data)), need('store-url', values['store-url']), log, control);
    else if (role === 'worker') stop = await runWorker(p, need('api-url', values['api-url']), log, control);
    else stop = await runWeb(p, need('api-url', values['api-url']), log, control);
  } catch (e) {
    log.error(`cannot start: ${(e as Error).message}`);
    process.exit(1);
  }
  log.info(`${role} listening on 127.0.0.1:${p}`, { pid: process.pid });
  const shutdown = (signal: string): void => {
    log.info(`received ${signal}, shutting down`);
    stop();
    // Open keep-alive sockets would hold the process; the data is already on disk.
    setTimeout(() => process.exit(0), 300).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();

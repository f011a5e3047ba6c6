// The demo's services for real: started by the lifecycle from a private copy of the demo
// profile, answering health, made to fail/slow/recover by the control command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectProfile } from '../../src/adapters/fs/profile-loader.js';
import type { Profile } from '../../src/domain/profile/profile-model.js';
import { runLifecycleAction } from '../../src/services/lifecycle/lifecycle.js';
import { lifecycleDeps, type LifecycleDeps } from '../../src/services/lifecycle/lifecycle-deps.js';
import { HealthMonitor } from '../../src/services/health/health-monitor.js';
import { createProber } from '../../src/adapters/health/composite-prober.js';
import { DEMO_LOCK_TIMEOUT_MS, makeDemoOpsDir, type DemoOpsDir } from '../helpers/demo-ops-dir.js';
import { waitFor } from '../helpers/process-services.js';

const exec = promisify(execFile);
let demo: DemoOpsDir;
let profile: Profile;
let deps: LifecycleDeps;
let monitor: HealthMonitor;

beforeAll(async () => {
  demo = await makeDemoOpsDir();
  profile = selectProfile(demo.dir, 'demo');
  deps = lifecycleDeps({ profile, environment: profile.environments.local!, stateDir: demo.stateDir, env: demo.env });
  monitor = new HealthMonitor({ profile, environment: profile.environments.local!, prober: createProber(), controllers: deps.controllers });
}, DEMO_LOCK_TIMEOUT_MS);

afterAll(async () => {
  await monitor?.stop();
  await deps?.close();
  await demo?.cleanup();
});

const health = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const control = (role: string, action: string, port: number, ...more: string[]) => exec(process.execPath, [demo.demoBin, 'control', role, action, '--port', String(port), ...more]);

describe('the demo services', () => {
  it('start in dependency order and answer health; the api reports its version and checks the store', async () => {
    const { result } = { result: await runLifecycleAction('start', 'all', deps.options) };
    expect(result.outcomes.map((o) => [o.service, o.outcome])).toEqual([['store', 'started'], ['api', 'started'], ['worker', 'started'], ['web', 'started']]);
    const ports = demo.ports.local!;
    expect(await health(ports.store)).toMatchObject({ status: 200, body: { status: 'ok', role: 'store' } });
    expect(await health(ports.api)).toMatchObject({ status: 200, body: { status: 'ok', version: '1.0.0', store: 'ok' } });
    expect(await health(ports.worker)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await health(ports.web)).toMatchObject({ status: 200, body: { status: 'ok', role: 'web' } });
  });

  it('the control command makes the store fail: the api turns unhealthy and names it, the hint points at the store; recover heals', async () => {
    const ports = demo.ports.local!;
    const { stdout } = await control('store', 'fail', ports.store);
    expect(stdout).toBe(`store on port ${ports.store}: failing\n`);
    expect(await health(ports.store)).toMatchObject({ status: 500, body: { status: 'failing' } });
    expect(await health(ports.api)).toMatchObject({ status: 503, body: { status: 'degraded', store: 'status 500' } });
    const h = await monitor.runOnce();
    expect(h.store!.state).toBe('unhealthy');
    expect(h.api).toMatchObject({ state: 'unhealthy', blockedBy: ['store'] });
    expect(h.web).toMatchObject({ blockedBy: ['api'], rootCause: 'store' });
    await control('store', 'recover', ports.store);
    expect(await health(ports.api)).toMatchObject({ status: 200 });
    const healed = await monitor.runOnce();
    expect(Object.values(healed).map((s) => s.state)).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
  });

  it('slow makes a service answer late (degraded by max_latency); a control aimed at the wrong port changes nothing', async () => {
    const ports = demo.ports.local!;
    await control('web', 'slow', ports.web, '--ms', '800');
    const t0 = Date.now();
    expect((await health(ports.web)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(750);
    expect((await monitor.recheck('web')).state).toBe('degraded');
    const wrong = await control('api', 'fail', ports.web).then(() => 0, (e: { code: number; stderr: string }) => e);
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining(`port ${ports.web} is the web service, not api; nothing changed`) });
    await demo.control('web', 'recover');
    expect((await health(ports.api)).status).toBe(200);
  });

  it('orders flow: the web places them, the store writes JSON files in the data dir, the worker processes them', async () => {
    const dir = join(demo.dataDirs.local!, 'orders');
    const processed = await waitFor('a processed order', () => {
      if (!existsSync(dir)) return undefined;
      const orders = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { status: string; item: string });
      return orders.find((o) => o.status === 'processed');
    }, 25_000);
    expect(processed.item).toEqual(expect.any(String));
  }, 40_000);

  it('services log to their log files in plain, JSON and logfmt lines', async () => {
    const log = join(demo.stateDir, 'services', 'demo', 'local', 'api.log');
    const text = await waitFor('mixed log shapes', () => {
      const t = readFileSync(log, 'utf8');
      return /^\{"time":.*"level":/m.test(t) && /^time=\S+ level=\w+ /m.test(t) && /^\S+Z (INFO|WARN|ERROR) /m.test(t) ? t : undefined;
    }, 20_000);
    expect(text).toContain('orders API 1.0.0 ready');
  });

  it('an api.version ending in -bad makes /health fail, so a restart fails on its health check', async () => {
    writeFileSync(join(demo.dataDirs.local!, 'api.version'), '2.0.0-bad\n');
    const short: Profile = { ...profile, services: { ...profile.services, api: { ...profile.services.api!, provider: { ...(profile.services.api!.provider as Extract<Profile['services'][string]['provider'], { kind: 'process' }>), startTimeoutMs: 2000 } } } };
    const r = await runLifecycleAction('restart', ['api'], { ...deps.options, profile: short });
    expect(r.ok).toBe(false);
    expect(r.outcomes.find((o) => o.outcome === 'failed')).toMatchObject({ service: 'api', check: 'http' });
    expect(await health(demo.ports.local!.api)).toMatchObject({ status: 500, body: { version: '2.0.0-bad' } });
    writeFileSync(join(demo.dataDirs.local!, 'api.version'), '2.0.0\n');
    const back = await runLifecycleAction('restart', ['api'], deps.options);
    expect(back.ok).toBe(true);
    expect(await health(demo.ports.local!.api)).toMatchObject({ status: 200, body: { version: '2.0.0' } });
  });
});

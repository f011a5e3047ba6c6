// The console session over the real parts, on a private copy of the demo: it starts the demo's
// process services (saying so), its health store turns healthy, a restart reports progress,
// switching environment resets the store and stops the old monitor, dispose releases its timers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectProfile } from '../../../src/adapters/fs/profile-loader.js';
import { createConsoleSession } from '../../../src/services/console/console-session.js';
import type { ConsoleSession } from '../../../src/services/console/console-session-types.js';
import { DEMO_LOCK_TIMEOUT_MS, makeDemoOpsDir, type DemoOpsDir } from '../../helpers/demo-ops-dir.js';
import { ScriptedConfirmer } from '../../helpers/runner-kit.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let demo: DemoOpsDir;
let session: ConsoleSession | undefined;

const until = async (ok: () => boolean, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const messages = () => session!.activity.getState().entries.map((e) => `${e.level}: ${e.message}`);

beforeAll(async () => {
  demo = await makeDemoOpsDir({ runbooks: false });
}, DEMO_LOCK_TIMEOUT_MS);

afterAll(async () => {
  await session?.dispose();
  await demo?.cleanup();
}, 60_000);

describe('console session', () => {
  it('auto-starts the demo, monitors it, restarts a service with progress, switches environment and disposes cleanly', async () => {
    const before = timers();
    const profile = selectProfile(demo.dir, 'demo');
    session = createConsoleSession({ ops: { root: demo.dir, embedded: false }, profile, env: demo.env });
    expect(session.health.getState().environment).toBe('local');
    expect(session.actionsFor('api')).toEqual(['start', 'stop', 'restart']);
    expect(session.commandFor('api', 'restart')).toEqual(['opsdeck', 'restart', 'api', '--env', 'local']);

    await until(() => messages().some((m) => m.startsWith('info: demo: starting store, api, worker, web')), 20_000, 'the auto-start note');
    const services = () => session!.health.getState().services;
    await until(() => ['store', 'api', 'worker', 'web'].every((n) => services()[n]?.state === 'healthy'), 90_000, 'the demo to be healthy');
    await until(() => messages().some((m) => m.startsWith('ok: demo: started')), 30_000, 'the auto-start result');
    expect((await session.serviceStatus('api'))?.run).toBe('running');

    // The session asks what the policy requires through the Confirmer the front end registered.
    const operator = new ScriptedConfirmer(() => ({ choice: 'yes', via: 'test operator' }));
    session.setConfirmer(operator);
    expect(await session.serviceAction('worker', 'restart')).toBe(true);
    expect(operator.asked.map((r) => [r.purpose, r.level, r.prompt])).toEqual([['service', 'confirm', 'restart worker in local?']]);
    const audit = readFileSync(join(demo.stateDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(audit.filter((e) => e.action === 'service.restart').map((e) => e.confirmation)).toEqual(['asked y/N; answered yes via test operator', 'asked y/N; answered yes via test operator']);
    const log = messages();
    expect(log).toContain('progress: restarting worker…');
    expect(log.some((m) => /^progress: worker healthy in /.test(m))).toBe(true);
    expect(log.some((m) => /^ok: worker: restart done in /.test(m))).toBe(true);
    expect(session.activity.getState().busy).toEqual({});

    await demo.control('store', 'fail');
    await until(() => services().store?.state === 'unhealthy' && services().api?.blockedBy.includes('store') === true, 30_000, 'store unhealthy and api blocked');
    await demo.control('store', 'recover');

    session.switchEnvironment('production-sim');
    expect(session.health.getState().environment).toBe('production-sim');
    expect(session.currentEnvironment().protected).toBe(true);
    await until(() => messages().some((m) => m.includes('production-sim is protected: its 4 stopped services are not started automatically')), 20_000, 'the protected note');
    await until(() => session!.health.getState().cycles > 0 && services().store?.state === 'stopped', 20_000, 'production-sim to be monitored');
    expect(() => session!.switchEnvironment('prod')).toThrow(/no environment "prod"/);

    await session.dispose();
    await session.dispose();
    await until(() => timers() <= before, 5000, 'the monitor timers to be released');
    const cycles = session.health.getState().cycles;
    await new Promise((r) => setTimeout(r, 2500));
    expect(session.health.getState().cycles).toBe(cycles);
  }, 240_000);
});

// The lifecycle with real processes, the real supervisor and the real health monitor/probers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { UsageError } from '../../../src/domain/errors.js';
import type { Profile } from '../../../src/domain/profile/profile-model.js';
import type { LifecycleEvent } from '../../../src/domain/lifecycle/lifecycle-events.js';
import { describeEvent } from '../../../src/domain/lifecycle/lifecycle-events.js';
import { runLifecycleAction, type Target } from '../../../src/services/lifecycle/lifecycle.js';
import { lifecycleDeps, type LifecycleDeps } from '../../../src/services/lifecycle/lifecycle-deps.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { processProfile, recorded, svc } from '../../helpers/process-services.js';
import { reserveFreePort, releasePort } from '../../helpers/demo-ops-dir.js';
import { createIncidentDesk } from '../../../src/services/incidents/incident-desk.js';

let base: string;
let rec: string;
const open: LifecycleDeps[] = [];
const ports: number[] = [];

async function port(): Promise<number> {
  const p = await reserveFreePort();
  ports.push(p);
  return p;
}

const http = (p: number, more: Record<string, unknown> = {}) => ({ name: 'http', http: { url: `http://127.0.0.1:${p}/health`, status: 200 }, interval: '200ms', timeout: '1s', ...more });

function run(profile: Profile, action: 'start' | 'stop' | 'restart', target: Target) {
  const events: LifecycleEvent[] = [];
  const deps = lifecycleDeps({ profile, environment: profile.environments.local!, stateDir: join(base, 'state'), onEvent: (e) => events.push(e) });
  open.push(deps);
  return runLifecycleAction(action, target, deps.options).then((result) => ({ result, events, deps }));
}

const kinds = (events: LifecycleEvent[], kind: LifecycleEvent['kind']) => events.filter((e) => e.kind === kind).map((e) => e.service);

beforeEach(() => {
  base = tempDir('opsdeck-lc-');
  rec = join(base, 'record.txt');
});

afterEach(async () => {
  for (const d of open.splice(0)) {
    for (const name of d.supervisor.knownServices()) await d.supervisor.stopByName(name, 1000);
    await d.close();
  }
  ports.splice(0).forEach(releasePort);
  removeTempDirs();
});

async function shop(opts: { apiUnhealthy?: boolean } = {}): Promise<Profile> {
  const [db, api, web, worker] = [await port(), await port(), await port(), await port()];
  const service = (p: number, deps: string[], extra: string[] = []) => ({
    depends_on: deps,
    process: { command: svc(rec, '--port', String(p), ...extra), stop_timeout: '2s', start_timeout: '20s' },
    health: [http(p)],
  });
  return processProfile(base, {
    // Declared out of order on purpose: the order comes from depends_on.
    web: service(web, ['api']),
    worker: service(worker, ['api', 'db']),
    api: { ...service(api, ['db'], opts.apiUnhealthy ? ['--unhealthy'] : []), process: { command: svc(rec, '--port', String(api), ...(opts.apiUnhealthy ? ['--unhealthy'] : [])), start_timeout: '1500ms' } },
    db: service(db, []),
  });
}

describe('lifecycle with real processes', () => {
  it('starts in dependency order waiting for health, and stops in reverse', async () => {
    const profile = await shop();
    const { result, events } = await run(profile, 'start', 'all');
    expect(result.ok).toBe(true);
    expect(kinds(events, 'starting')).toEqual(['db', 'api', 'web', 'worker']);
    expect(kinds(events, 'healthy')).toEqual(['db', 'api', 'web', 'worker']);
    // Each service was healthy before the next one was started.
    const seq = events.filter((e) => e.kind === 'starting' || e.kind === 'healthy').map((e) => `${e.kind}:${e.service}`);
    expect(seq).toEqual(['starting:db', 'healthy:db', 'starting:api', 'healthy:api', 'starting:web', 'healthy:web', 'starting:worker', 'healthy:worker']);
    const starts = recorded(rec).filter((r) => r.kind === 'start');
    const byPid = new Map(Object.keys(profile.services).map((n) => [open[0]!.supervisor.statusByName(n).pid, n]));
    expect([...starts].sort((a, b) => a.at! - b.at!).map((s) => byPid.get(s.pid))).toEqual(['db', 'api', 'web', 'worker']);
    expect(events.find((e) => e.kind === 'healthy' && e.service === 'db')).toMatchObject({ ms: expect.any(Number) });
    expect(describeEvent(events.find((e) => e.kind === 'healthy')!)).toMatch(/^db healthy in \d+\.\ds$/);

    const stop = await run(profile, 'stop', 'all');
    expect(stop.result.ok).toBe(true);
    expect(kinds(stop.events, 'stopping')).toEqual(['worker', 'web', 'api', 'db']);
    const stops = recorded(rec).filter((r) => r.kind === 'stop').sort((a, b) => a.at! - b.at!);
    expect(stops.map((s) => byPid.get(s.pid))).toEqual(['worker', 'web', 'api', 'db']);
    for (const n of Object.keys(profile.services)) expect(open[0]!.supervisor.statusByName(n).run).toBe('stopped');
  });

  it('a service that never becomes healthy fails the start naming the check; its dependants are not started', async () => {
    const profile = await shop({ apiUnhealthy: true });
    const { result, events } = await run(profile, 'start', 'all');
    expect(result.ok).toBe(false);
    const failed = events.find((e) => e.kind === 'failed');
    expect(failed).toMatchObject({ service: 'api', check: 'http' });
    expect(describeEvent(failed!)).toMatch(/api failed to start: not healthy after 1\.5s: check "http" failed: .*503/);
    expect(kinds(events, 'skipped')).toEqual(['web', 'worker']);
    expect(kinds(events, 'starting')).toEqual(['db', 'api']);
    expect(result.outcomes.map((o) => [o.service, o.outcome])).toEqual([['db', 'started'], ['api', 'failed'], ['web', 'skipped'], ['worker', 'skipped']]);
    expect(recorded(rec).filter((r) => r.kind === 'start')).toHaveLength(2);
  });

  it('a service that dies during its start fails at once with its exit code, not at the start timeout', async () => {
    const p = await port();
    const profile = processProfile(base, { a: { process: { command: svc(rec, '--exit-after', '100', '--code', '4'), start_timeout: '60s' }, health: [http(p)] } });
    const t0 = Date.now();
    const { result, events } = await run(profile, 'start', ['a']);
    expect(result.ok).toBe(false);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(describeEvent(events.find((e) => e.kind === 'failed')!)).toMatch(/the process ended during start: exited with code 4/);
  });

  it('starting one service starts its dependencies first; restart gives it a new process', async () => {
    const profile = await shop();
    const { result, events } = await run(profile, 'start', ['web']);
    expect(result.ok).toBe(true);
    expect(events.filter((e) => e.kind === 'starting').map((e) => [e.service, e.kind === 'starting' && !!e.dependency])).toEqual([['db', true], ['api', true], ['web', false]]);
    const sup = open[0]!.supervisor;
    const before = sup.statusByName('web').pid;
    const again = await run(profile, 'restart', ['web']);
    expect(again.result.ok).toBe(true);
    expect(kinds(again.events, 'stopping')).toEqual(['web']);
    expect(kinds(again.events, 'already-running')).toEqual(['db', 'api']);
    expect(sup.statusByName('web')).toMatchObject({ run: 'running' });
    expect(sup.statusByName('web').pid).not.toBe(before);
  });

  it('services opsdeck does not manage are reported, not an error for --all; named, they are', async () => {
    const p = await port();
    const profile = processProfile(base, {
      ext: { health: [http(p)] },
      a: { process: { command: svc(rec) } },
    });
    const all = await run(profile, 'start', 'all');
    expect(all.result.ok).toBe(true);
    expect(all.events[0]).toMatchObject({ kind: 'not-managed', service: 'ext', provider: 'external' });
    expect(describeEvent(all.events[0]!)).toBe('ext is not managed by opsdeck (external): skipped');
    expect(all.result.outcomes).toEqual([{ service: 'ext', outcome: 'not-managed' }, expect.objectContaining({ service: 'a', outcome: 'started' })]);
    const named = await run(profile, 'stop', ['ext']);
    expect(named.result.ok).toBe(false);
  });

  it('unknown names are a usage error with a suggestion', async () => {
    const profile = await shop();
    await expect(run(profile, 'start', ['wrker'])).rejects.toThrow(UsageError);
    await expect(run(profile, 'start', ['wrker'])).rejects.toThrow('no service "wrker" in profile lc (did you mean "worker"?)');
  });
});

describe('lifecycle in a given state dir', () => {
  it('the health it waits on goes to the open incident of that state dir (not the default one)', async () => {
    const profile = await shop();
    const stateEnv = { ...process.env, OPSDECK_STATE_DIR: join(base, 'state') };
    const desk = createIncidentDesk({ profile, env: stateEnv, by: 'pager@test' });
    const inc = desk.start({ environment: 'local', severity: 'P2', title: 'db restarts', services: ['db'] });
    const { result } = await run(profile, 'start', ['db']);
    expect(result.ok).toBe(true);
    const health = desk.timeline(desk.get(inc.id)).filter((t) => t.kind === 'health' && t.service === 'db');
    expect(health.map((t) => t.state)).toContain('healthy');
  });
});

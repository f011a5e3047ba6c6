// With an incident open on the demo (real services, real health checks): a service fails and
// recovers, the triage runbook runs from the shell, a second process adds a note — the
// timeline holds all of it, in order, with times. Escalation with an injected clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOCK_TIMEOUT_MS, makeDemoOpsDir, type DemoOpsDir } from '../../helpers/demo-ops-dir.js';
import { runCli, ensureBuilt } from '../../helpers/run-cli.js';
import { until } from '../../helpers/until.js';
import { selectProfile } from '../../../src/adapters/fs/profile-loader.js';
import { createHealthStore } from '../../../src/state/health-store.js';
import { createHealthMonitor } from '../../../src/services/health/create-health-monitor.js';
import { startIncidentWatch, type IncidentWatch } from '../../../src/services/incidents/incident-watch.js';
import { createIncidentDesk } from '../../../src/services/incidents/incident-desk.js';
import { incidentClock, incidentHeaderText } from '../../../src/domain/incident/incident-clock.js';
import type { HealthMonitor } from '../../../src/services/health/health-monitor.js';

const MIN = 60_000;

describe('incident timeline on the demo', () => {
  let demo: DemoOpsDir;
  let watch: IncidentWatch | undefined;
  let monitor: HealthMonitor | undefined;
  beforeAll(async () => {
    ensureBuilt();
    demo = await makeDemoOpsDir();
    await demo.startAll();
  }, DEMO_LOCK_TIMEOUT_MS);
  afterAll(async () => {
    watch?.close();
    await monitor?.stop();
    await demo?.cleanup();
  });

  it('records health changes, the runbook run and its steps, and a note from another process, in order', async () => {
    const profile = selectProfile(demo.dir, 'demo');
    const environment = profile.environments.local!;
    const store = createHealthStore('local');
    monitor = createHealthMonitor({ profile, environment, store, stateEnv: demo.env });
    monitor.start();
    watch = startIncidentWatch({ profile, env: demo.env, health: store, intervalMs: 200 });
    const inc = watch.desk.start({ environment: 'local', severity: 'P1', title: 'api errors', services: ['api'] });
    watch.refresh();
    const desk = watch.desk;
    const timeline = () => desk.timeline(desk.get(inc.id));
    const texts = () => timeline().map((t) => t.text);

    await until('api healthy recorded', () => texts().includes('api healthy'));
    await demo.control('api', 'fail');
    await until('api unhealthy recorded', () => texts().some((t) => t.startsWith('api unhealthy')));
    await demo.control('api', 'recover');
    await until('api healthy again', () => texts().filter((t) => t === 'api healthy').length === 2);

    const run = await runCli(['run', 'incident-triage', '--env', 'local', '--yes'], demo.env);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const note = await runCli(['incident', 'note', 'bundle attached to the ticket'], demo.env);
    expect(note.code, note.stderr).toBe(0);

    const t = timeline();
    const kinds = t.map((e) => `${e.kind}:${e.text.split(/[:(]/)[0]!.trim()}`);
    const order = ['start:incident started', 'health:api healthy', 'health:api unhealthy', 'health:api healthy', 'run:runbook incident-triage started', 'step:incident-triage step bundle', 'step:incident-triage step share', 'run:runbook incident-triage succeeded', 'note:bundle attached to the ticket'];
    let at = -1;
    for (const want of order) {
      const i = kinds.findIndex((k, n) => n > at && k === want);
      expect(i, `${want} after position ${at} in\n${kinds.join('\n')}`).toBeGreaterThan(at);
      at = i;
    }
    // Its dependency is recorded too; every entry has a time, in order.
    expect(kinds).toContain('health:store healthy');
    expect(t.map((e) => e.at)).toEqual([...t.map((e) => e.at)].sort((a, b) => a - b));
    expect(t.every((e) => e.at >= inc.startedAt && e.by.includes('@'))).toBe(true);
  }, 180_000);

  it('headless status names the matching runbooks of a failing service', async () => {
    await demo.control('api', 'fail');
    const json = await runCli(['status', '--json'], demo.env);
    expect(json.code).toBe(1);
    const api = JSON.parse(json.stdout).services.find((s: { name: string }) => s.name === 'api');
    expect(api).toMatchObject({ state: 'unhealthy', runbooks: ['incident-triage'] });
    const text = await runCli(['status'], demo.env);
    expect(text.stdout).toContain('api: runbook incident-triage (opsdeck run incident-triage --env local)');
    await demo.control('api', 'recover');
  }, 60_000);

  it('header shows elapsed against targets, and escalation hints fire at the thresholds (injected clock)', () => {
    const profile = selectProfile(demo.dir, 'demo');
    let now = Date.parse('2026-03-01T03:00:00Z');
    const desk = createIncidentDesk({ profile, env: demo.env, now: () => now, by: 'pager@test' });
    const inc = desk.start({ environment: 'local', severity: 'P0', title: 'orders down', services: ['api'] });
    const header = () => {
      const i = desk.get(inc.id);
      return incidentHeaderText(i, incidentClock(i, desk.targets, desk.contacts, now));
    };
    now += 11 * MIN;
    expect(header()).toBe(`${inc.id} P0 orders down 11m/15m · update due in 4m`);
    const escalations = () => desk.timeline(desk.get(inc.id)).filter((t) => t.kind === 'escalation').map((t) => t.text);
    expect(escalations()).toEqual(expect.arrayContaining([expect.stringMatching(/^reach L1/)]));
    expect(escalations().some((t) => t.startsWith('reach L2'))).toBe(false);
    now += 5 * MIN;
    expect(header()).toBe(`${inc.id} P0 orders down 16m/15m NO RESPONSE · update OVERDUE`);
    expect(escalations().filter((t) => t.startsWith('reach L2'))).toHaveLength(1);
    now += 15 * MIN;
    desk.get(inc.id);
    expect(escalations().map((t) => t.split(' ')[1])).toEqual(['L1', 'L2', 'L3']);
    // Recorded at the threshold, not when it was noticed.
    const l3 = desk.timeline(desk.get(inc.id)).find((t) => t.text.startsWith('reach L3'))!;
    expect(l3.at - inc.startedAt).toBe(30 * MIN);
  });
});

import { describe, expect, it } from 'vitest';
import { createHealthStore, LATENCY_HISTORY, RESULT_HISTORY, serviceInstances } from '../../src/state/health-store.js';
import type { ServiceHealth } from '../../src/domain/health/health-model.js';

const h = (at: number, ok: boolean): ServiceHealth => ({
  service: 'api',
  state: ok ? 'healthy' : 'unhealthy',
  run: 'running',
  checks: [{ check: 'http#1', ok, latencyMs: at % 50, at, ...(ok ? {} : { error: 'status 503 (expected 200)' }) }],
  latencyMs: at % 50,
  lastCheckAt: at,
  blockedBy: [],
});

describe('health store', () => {
  it('keeps bounded latency and result histories, one entry per new check time', () => {
    const store = createHealthStore('local');
    for (let at = 1; at <= 100; at++) {
      store.getState().update({ api: h(at, at % 10 !== 0) }, at);
      store.getState().update({ api: h(at, at % 10 !== 0) }, at); // same check time: no new entry
    }
    const s = store.getState();
    expect(s.latencyHistory.api).toHaveLength(LATENCY_HISTORY);
    expect(s.history.api).toHaveLength(RESULT_HISTORY);
    expect(s.history.api!.at(-1)).toEqual({ at: 100, state: 'unhealthy', latencyMs: 0, failing: { check: 'http#1', error: 'status 503 (expected 200)' } });
    expect(s.history.api!.at(-2)).toEqual({ at: 99, state: 'healthy', latencyMs: 49 });
    expect(s.latencyHistory.api!.at(-1)).toBeUndefined(); // failed: a gap in the sparkline
    store.getState().reset('staging', {});
    expect(store.getState()).toMatchObject({ environment: 'staging', history: {}, latencyHistory: {}, cycles: 0 });
  });

  it('a healthy service without a measured latency is recorded as "no measurement", not as a failure', () => {
    const store = createHealthStore('local');
    store.getState().update({ box: { ...h(1, true), service: 'box', latencyMs: undefined } }, 1);
    expect(store.getState().latencyHistory.box).toEqual([NaN]);
  });

  it("keeps instances' stats apart from the monitor's flushes, merged into the instances by serviceInstances()", () => {
    const store = createHealthStore('local');
    const web = (run: 'running' | 'exited'): ServiceHealth => ({ ...h(1, true), service: 'web', instances: [{ name: 'web@web-1', host: 'web-1', run: 'running', status: 'running' }, { name: 'web@web-2', host: 'web-2', run, status: run }] });
    store.getState().update({ web: web('running') }, 1);
    store.getState().setInstanceStats('web', 'web@web-2', { cpuPercent: 12.5, memoryBytes: 64 << 20, at: 2 });
    store.getState().update({ web: web('exited') }, 3); // a flush does not lose them
    expect(serviceInstances(store.getState(), 'web')).toEqual([
      { name: 'web@web-1', host: 'web-1', run: 'running', status: 'running' },
      { name: 'web@web-2', host: 'web-2', run: 'exited', status: 'exited', cpuPercent: 12.5, memoryBytes: 64 << 20 },
    ]);
    store.getState().setInstanceStats('web', 'web@web-2', undefined);
    expect(serviceInstances(store.getState(), 'web')[1]).not.toHaveProperty('cpuPercent');
    expect(serviceInstances(store.getState(), 'api')).toEqual([]);
  });
  it('replaceInstanceStats swaps a service\'s figures in one update (memory limit included) and drops them', () => {
    const store = createHealthStore('local');
    store.getState().update({ app: { ...h(1, true), service: 'app', instances: [{ name: 'app-1', run: 'running', status: 'running' }, { name: 'app-2', run: 'running', status: 'running' }] } }, 1);
    let updates = 0;
    store.subscribe(() => updates++);
    store.getState().replaceInstanceStats('app', { 'app-1': { cpuPercent: 1.5, memoryBytes: 10, memoryLimitBytes: 100, at: 2 }, 'app-2': { memoryBytes: 20, at: 2 } });
    expect(updates).toBe(1);
    expect(serviceInstances(store.getState(), 'app')).toEqual([
      { name: 'app-1', run: 'running', status: 'running', cpuPercent: 1.5, memoryBytes: 10, memoryLimitBytes: 100 },
      { name: 'app-2', run: 'running', status: 'running', memoryBytes: 20 },
    ]);
    store.getState().replaceInstanceStats('app', { 'app-2': { memoryBytes: 30, at: 3 } });
    expect(serviceInstances(store.getState(), 'app')[0]).toEqual({ name: 'app-1', run: 'running', status: 'running' });
    store.getState().replaceInstanceStats('app', undefined);
    expect(store.getState().instanceStats).toEqual({});
    store.getState().replaceInstanceStats('app', undefined);
    expect(updates).toBe(3); // dropping what is not there changes nothing
  });
});

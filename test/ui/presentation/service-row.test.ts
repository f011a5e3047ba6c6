import { describe, expect, it } from 'vitest';
import { badInstances, dependencyHint, layoutCells, runLabel, serviceRowCells, tableLayout, COLUMN_ORDER } from '../../../src/ui/presentation/service-row.js';
import { sparkline } from '../../../src/ui/presentation/sparkline.js';
import { displayCommand, fit, formatAge, formatCheckAge, formatLatency, formatLatencyCoarse } from '../../../src/ui/presentation/format.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import type { ServiceHealth } from '../../../src/domain/health/health-model.js';
import type { HealthSample } from '../../../src/state/health-store.js';
import { completedBuckets } from '../../../src/ui/presentation/latency-buckets.js';
import { shopProfile } from '../../helpers/console-session.js';

const unicode = createTheme({ color: false, ascii: false }).glyphs;
const ascii = createTheme({ color: false, ascii: true }).glyphs;
const h = (service: string, state: ServiceHealth['state'], extra: Partial<ServiceHealth> = {}): ServiceHealth => ({ service, state, run: 'running', checks: [], blockedBy: [], ...extra });

describe('formatters', () => {
  it.each([
    [undefined, '-'],
    [3.4, '3ms'],
    [999, '999ms'],
    [1234, '1.2s'],
    [15_000, '15s'],
  ])('latency %s → %s', (ms, text) => expect(formatLatency(ms)).toBe(text));

  it.each([
    [0, '0s'],
    [59_000, '59s'],
    [61_000, '1m'],
    [2 * 3600_000, '2h'],
    [3 * 86_400_000, '3d'],
  ])('age %s → %s', (ago, text) => expect(formatAge(1_000_000_000 - ago, 1_000_000_000)).toBe(text));

  it.each([
    [undefined, '-'],
    [3.4, '<10ms'],
    [9.9, '<10ms'],
    [14, '10ms'],
    [96, '100ms'],
    [340, '350ms'],
    [990, '950ms'],
    [1234, '1.2s'],
  ])('coarse latency %s → %s', (ms, text) => expect(formatLatencyCoarse(ms)).toBe(text));

  it.each([
    [0, '<10s'],
    [9_999, '<10s'],
    [10_000, '10s'],
    [59_000, '50s'],
    [61_000, '1m'],
  ])('check age %s → %s', (ago, text) => expect(formatCheckAge(1_000_000_000 - ago, 1_000_000_000)).toBe(text));

  it('folds checks into completed 10 s buckets: median latency, failures marked, the current bucket left out', () => {
    const s = (at: number, latencyMs: number | undefined, state: HealthSample['state'] = 'healthy'): HealthSample => ({ at, state, latencyMs });
    const samples = [s(10_000, 5), s(12_000, 900), s(14_000, 7), s(21_000, 3), s(23_000, undefined, 'unhealthy'), s(51_000, 4), s(61_000, 8)];
    // Buckets 1 (5, 900, 7 → 7), 2 (a failure), 5 (4); bucket 6 is still going; 3 and 4 had no check.
    expect(completedBuckets(samples, 65_000)).toEqual([7, undefined, 4]);
    expect(completedBuckets(samples, 70_000)).toEqual([7, undefined, 4, 8]);
    expect(completedBuckets([], 70_000)).toEqual([]);
  });

  it('fits text to a width with an ellipsis, or pads', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abcdefgh', 5)).toBe('abcd…');
    expect(fit('abcdefgh', 5, '~')).toBe('abcd~');
  });

  it('shows a command as a shell would read it', () => {
    expect(displayCommand(['opsdeck', 'restart', 'api', '--env', 'local'])).toBe('opsdeck restart api --env local');
    expect(displayCommand(['echo', "it's here"])).toBe(`echo 'it'\\''s here'`);
  });
});

describe('sparkline', () => {
  it('scales to the window, marks failures and pads old history', () => {
    expect(sparkline([100, 200, 300, undefined, 100], 8, unicode)).toBe('   ▁▅█×▁');
    expect(sparkline([100, 200, 300, undefined, 100], 8, ascii)).toBe('   _=#x_');
    expect(sparkline([5, 5, 5], 3, unicode)).toBe('▂▂▂');
    expect(sparkline([100, 200, 300, 400], 2, unicode)).toBe('▁▅'); // 300→400 is a quarter of the max: half the height
  });

  it('draws jitter of a few ms as a flat line that scrolls without changing', () => {
    expect(sparkline([1, 2, 3, 4], 2, unicode)).toBe('▁▁');
    const jitter = [2, 3, 1, 2, 3, 2, 1, 3, 2, 2, 3, 1, 2];
    expect(sparkline(jitter.slice(0, 12), 12, unicode)).toBe(sparkline(jitter.slice(1), 12, unicode));
  });

  it('a healthy service with nothing that measures latency (a container without checks) draws blanks, not failures', () => {
    expect(sparkline([NaN, NaN, NaN, NaN], 4, unicode)).toBe('    ');
    expect(sparkline([NaN, 10, undefined], 3, unicode)).toBe(' ▂×');
  });
});

describe('service rows', () => {
  const profile = shopProfile();

  it('names the unhealthy dependency, and the root cause when the chain is longer', () => {
    const all = { db: h('db', 'unhealthy'), api: h('api', 'unhealthy', { blockedBy: ['db'], rootCause: 'db' }), web: h('web', 'degraded', { blockedBy: ['api'], rootCause: 'db' }) };
    expect(dependencyHint(all.api, all, '←')).toBe('← db unhealthy');
    expect(dependencyHint(all.web, all, '<-')).toBe('<- db unhealthy via api');
    const both = h('worker', 'unhealthy', { blockedBy: ['api', 'db'], rootCause: 'db' });
    expect(dependencyHint(both, all, '←')).toBe('← db unhealthy');
    expect(dependencyHint(all.db, all, '←')).toBe('');
    expect(dependencyHint(undefined, all, '←')).toBe('');
  });

  it('builds the cells of a row', () => {
    const now = 1_000_000;
    const sample = (at: number, latencyMs: number): HealthSample => ({ at, state: 'degraded', latencyMs });
    const past = [sample(970_000, 100), sample(980_000, 200), sample(990_000, 340)];
    const health = h('api', 'degraded', { latencyMs: 340, lastCheckAt: now - 3000 });
    const cells = serviceRowCells(profile.services.api!, health, { api: health }, past, now, ascii, 5);
    // Latency: the last completed 10 s bucket's median, coarse; one sparkline cell per bucket; age in 10 s steps.
    expect(cells).toMatchObject({ name: 'api', run: 'running', state: 'degraded', health: '~ degraded', latency: '350ms', lastCheck: '<10s', spark: '  _-#', hint: '' });
    // Checks within the current bucket change no text: nothing to redraw until it completes.
    const next = h('api', 'degraded', { latencyMs: 190, lastCheckAt: now + 1000 });
    const during = [...past, sample(now + 1000, 190), sample(now + 3000, 120)];
    expect(serviceRowCells(profile.services.api!, next, { api: next }, during, now + 4000, ascii, 5)).toEqual(cells);
    expect(serviceRowCells(profile.services.api!, next, { api: next }, during, now + 10_000, ascii, 5)).toMatchObject({ latency: '200ms', spark: ' _-#-' });
    const unknown = serviceRowCells(profile.services.web!, undefined, {}, [], now, unicode, 3);
    expect(unknown).toMatchObject({ run: 'external', health: '? unknown', latency: '-', lastCheck: '-', spark: '   ' });
  });

  it('gives the dependency hint room before the sparkline on a narrow terminal', () => {
    expect(tableLayout(80, 7)).toMatchObject({ spark: 12, hint: 22 });
    expect(tableLayout(60, 7)).toMatchObject({ spark: 0, hint: 14 });
    expect(tableLayout(100, 7)).toMatchObject({ spark: 12 });
  });

  it.each([60, 80, 100, 160])('lays out a row within %i columns', (width) => {
    const layout = tableLayout(width, 12);
    const cells = layoutCells({ name: 'a-very-long-service-name', run: 'running', health: '✖ unhealthy', latency: '1234ms', lastCheck: '59m', spark: '▁▂▃▄▅▆▇█▁▂▃▄▅', hint: '← database (root: storage unhealthy)' }, layout, '…');
    const line = `  ${COLUMN_ORDER.map((k) => cells[k]).join(' ')}`;
    expect([...line].length).toBeLessThanOrEqual(Math.max(width, 60));
  });
});

describe('a service with instances', () => {
  const two = { instances: [{ name: 'web@web-1', host: 'web-1', run: 'running' as const, status: 'running', health: 'unhealthy' as const, problem: 'HEALTHCHECK unhealthy' }, { name: 'web@web-2', host: 'web-2', run: 'exited' as const, status: 'exited', problem: 'container exited (code 1)' }] };
  it('its state is the count, its hint names the bad instances', () => {
    expect(runLabel('running', 'docker', two)).toBe('1/2 running');
    expect(runLabel('running', 'docker', { instances: [two.instances[0]!] })).toBe('running');
    expect(badInstances(two)).toBe('web@web-1 unhealthy, web@web-2 exited');
    expect(badInstances({ instances: [two.instances[1]!] })).toBe('');
    expect(tableLayout(80, 7, true).run).toBe(11);
  });
});

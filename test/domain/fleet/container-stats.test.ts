// docker stats arithmetic: CPU share from two samples (the engine's precpu, or the stream's
// previous sample), memory without the inactive page cache (cgroup v1 and v2), and the words.
import { describe, expect, it } from 'vitest';
import { cpuCounters, describeStats, formatBytes, statsFromSample, type StatsSample } from '../../../src/domain/fleet/container-stats.js';

const cpu = (total: number, system: number, cpus = 2) => ({ cpu_usage: { total_usage: total, percpu_usage: Array.from({ length: cpus }, () => 0) }, system_cpu_usage: system, online_cpus: cpus });

describe('statsFromSample', () => {
  it.each<[string, StatsSample, number | undefined]>([
    ['half a core of 2 busy over the interval', { cpu_stats: cpu(1_500, 10_000), precpu_stats: cpu(1_000, 8_000) }, 50],
    ['two cores flat out', { cpu_stats: cpu(5_000, 10_000), precpu_stats: cpu(1_000, 8_000) }, 400],
    ['idle', { cpu_stats: cpu(1_000, 10_000), precpu_stats: cpu(1_000, 8_000) }, 0],
    ['no precpu and no previous sample: not yet known', { cpu_stats: cpu(1_500, 10_000), precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 } }, undefined],
    ['no cpu figures at all (a stopped container)', { cpu_stats: { cpu_usage: { total_usage: 0 } } }, undefined],
    ['online_cpus missing: percpu_usage counts the cores', { cpu_stats: { cpu_usage: { total_usage: 1_500, percpu_usage: [1, 1, 1, 1] }, system_cpu_usage: 10_000 }, precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 8_000 } }, 100],
  ])('cpu: %s', (_what, sample, expected) => {
    expect(statsFromSample('c1', sample).cpuPercent).toBe(expected);
  });

  it('uses the previous sample of the stream when the engine sent no precpu', () => {
    const first: StatsSample = { cpu_stats: cpu(1_000, 8_000) };
    const second: StatsSample = { cpu_stats: cpu(1_250, 10_000) };
    expect(statsFromSample('c1', first).cpuPercent).toBeUndefined();
    expect(statsFromSample('c1', second, cpuCounters(first)).cpuPercent).toBe(25);
  });

  it.each<[string, StatsSample['memory_stats'], number | undefined, number | undefined]>([
    ['cgroup v1: usage minus total_inactive_file', { usage: 10_000, limit: 64 * 2 ** 20, stats: { total_inactive_file: 4_000, inactive_file: 1 } }, 6_000, 64 * 2 ** 20],
    ['cgroup v2: usage minus inactive_file', { usage: 10_000, limit: 2 ** 30, stats: { inactive_file: 3_000 } }, 7_000, 2 ** 30],
    ['a cache figure above usage is ignored', { usage: 10_000, limit: 100_000, stats: { total_inactive_file: 20_000 } }, 10_000, 100_000],
    ['no memory figures', {}, undefined, undefined],
  ])('memory: %s', (_what, memory_stats, used, limit) => {
    const s = statsFromSample('c1', { memory_stats });
    expect(s.memoryBytes).toBe(used);
    expect(s.memoryLimitBytes).toBe(limit);
  });

  it('carries the container id and name and the time the engine read it', () => {
    expect(statsFromSample('abc', { read: '2026-12-01T10:00:00.5Z' }, undefined, 0, 'web-1')).toEqual({ containerId: 'abc', container: 'web-1', cpuPercent: undefined, at: Date.parse('2026-12-01T10:00:00.5Z') });
    expect(statsFromSample('abc', { read: '0001-01-01T00:00:00Z' }, undefined, 42).at).toBe(42);
  });
});

describe('words', () => {
  it.each([[0, '0 B'], [512, '512 B'], [1536, '1.5 KiB'], [64 * 2 ** 20, '64 MiB'], [7.6 * 2 ** 30, '7.6 GiB']])('formatBytes(%d) = %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('describeStats says what is measured and dashes what is not yet', () => {
    expect(describeStats({ cpuPercent: 0.42, memoryBytes: 1.2 * 2 ** 20, memoryLimitBytes: 64 * 2 ** 20 })).toBe('cpu 0.4% · mem 1.2 MiB / 64 MiB');
    expect(describeStats({ cpuPercent: 153.2, memoryBytes: 2 ** 30 })).toBe('cpu 153% · mem 1.0 GiB');
    expect(describeStats(undefined)).toBe('cpu - · mem -');
  });
});

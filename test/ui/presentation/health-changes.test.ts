import { describe, expect, it } from 'vitest';
import { clock, healthChanges } from '../../../src/ui/presentation/health-changes.js';

describe('health changes', () => {
  it('keeps only transitions, newest first, with the failing check', () => {
    const samples = [
      { at: 1, state: 'unknown' as const },
      { at: 2, state: 'healthy' as const, latencyMs: 3 },
      { at: 3, state: 'healthy' as const, latencyMs: 4 },
      { at: 4, state: 'unhealthy' as const, failing: { check: 'http', error: 'status 503 (expected 200)' } },
      { at: 5, state: 'unhealthy' as const, failing: { check: 'http', error: 'status 503 (expected 200)' } },
      { at: 6, state: 'healthy' as const },
    ];
    expect(healthChanges(samples, 3)).toEqual([
      { at: 6, state: 'healthy', reason: undefined },
      { at: 4, state: 'unhealthy', reason: 'http: status 503 (expected 200)' },
      { at: 2, state: 'healthy', reason: undefined },
    ]);
    expect(healthChanges(samples, 0)).toEqual([]);
    expect(healthChanges([], 3)).toEqual([]);
  });

  it('prints a local clock time', () => {
    expect(clock(new Date(2026, 0, 2, 3, 4, 5).getTime())).toBe('03:04:05');
  });
});

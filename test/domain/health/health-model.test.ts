import { describe, expect, it } from 'vitest';
import { dependencyHints, deriveState, isPassing, type CheckResult, type HealthState, type RunState } from '../../../src/domain/health/health-model.js';

const ok = (slow = false): CheckResult => ({ check: 'c', ok: true, latencyMs: 1, at: 0, ...(slow ? { slow: true } : {}) });
const bad: CheckResult = { check: 'c', ok: false, latencyMs: 1, at: 0, error: 'status 503 (expected 200)' };

describe('deriveState', () => {
  it.each<[string, RunState, CheckResult[], number, HealthState]>([
    ['all pass', 'running', [ok(), ok()], 2, 'healthy'],
    ['unknown run, checks pass (external service)', 'unknown', [ok()], 1, 'healthy'],
    ['one slow', 'running', [ok(), ok(true)], 2, 'degraded'],
    ['some fail', 'running', [ok(), bad], 2, 'degraded'],
    ['all fail', 'running', [bad, bad], 2, 'unhealthy'],
    ['stopped wins over stale passes', 'stopped', [ok()], 1, 'stopped'],
    ['exited', 'exited', [bad], 1, 'stopped'],
    ['no checks, running', 'running', [], 0, 'healthy'],
    ['no checks, unknown run', 'unknown', [], 0, 'unknown'],
    ['no results yet', 'running', [], 2, 'unknown'],
    ['starting, still failing', 'starting', [bad], 1, 'unknown'],
    ['starting, passing', 'starting', [ok()], 1, 'healthy'],
  ])('%s', (_n, run, checks, expected, state) => {
    expect(deriveState(run, checks, expected)).toBe(state);
  });
});

describe('isPassing', () => {
  it('accepts healthy and slow-but-passing, not partial or failing', () => {
    expect(isPassing({ state: 'healthy', checks: [ok()] }, 1)).toBe(true);
    expect(isPassing({ state: 'degraded', checks: [ok(true)] }, 1)).toBe(true);
    expect(isPassing({ state: 'degraded', checks: [ok(), bad] }, 2)).toBe(false);
    expect(isPassing({ state: 'healthy', checks: [ok()] }, 2)).toBe(false);
    expect(isPassing({ state: 'unknown', checks: [] }, 1)).toBe(false);
  });
});

describe('dependencyHints', () => {
  const deps = { db: [], cache: [], api: ['db', 'cache'], worker: ['api'], web: ['api', 'cache'] };

  it('names a direct unhealthy dependency', () => {
    const h = dependencyHints({ db: 'healthy', cache: 'unhealthy', api: 'degraded', worker: 'healthy', web: 'degraded' }, deps);
    expect(h.api).toEqual({ blockedBy: ['cache'], rootCause: 'cache' });
    expect(h.web).toEqual({ blockedBy: ['cache'], rootCause: 'cache' });
    expect(h.worker).toEqual({ blockedBy: [] });
    expect(h.cache).toEqual({ blockedBy: [] });
  });

  it('follows a chain to the deepest bad service', () => {
    const h = dependencyHints({ db: 'stopped', cache: 'healthy', api: 'unhealthy', worker: 'unhealthy', web: 'unhealthy' }, deps);
    expect(h.api).toEqual({ blockedBy: ['db'], rootCause: 'db' });
    expect(h.worker).toEqual({ blockedBy: ['api'], rootCause: 'db' });
    expect(h.web).toEqual({ blockedBy: ['api'], rootCause: 'db' });
  });

  it('prefers the longest chain over the first-declared dependency', () => {
    const h = dependencyHints({ a: 'unhealthy', b: 'unhealthy', c: 'unhealthy', d: 'unhealthy' }, { a: [], b: ['c'], c: [], d: ['a', 'b'] });
    expect(h.d).toEqual({ blockedBy: ['a', 'b'], rootCause: 'c' });
  });

  it('does not blame degraded or unknown dependencies, and survives a cycle', () => {
    expect(dependencyHints({ a: 'degraded', b: 'unknown', c: 'healthy' }, { a: [], b: [], c: ['a', 'b'] }).c).toEqual({ blockedBy: [] });
    const cyc = dependencyHints({ a: 'unhealthy', b: 'unhealthy' }, { a: ['b'], b: ['a'] });
    expect(cyc.a!.blockedBy).toEqual(['b']);
    expect(cyc.b!.blockedBy).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
import { statusDetail, statusJson, statusRow, statusSummary, type StatusServiceJson } from '../../../src/domain/health/status-report.js';
import type { ServiceHealth } from '../../../src/domain/health/health-model.js';
import { makeProfile } from '../../helpers/profiles.js';

const profile = makeProfile({
  services: {
    db: { health: [{ name: 'pg', command: ['pg_isready'] }] },
    api: { depends_on: ['db'], health: [{ http: { url: 'http://x/health' } }, { tcp: { port: 1 } }] },
  },
});
const at = Date.parse('2026-01-01T12:00:00Z');

describe('statusJson', () => {
  it('lists every declared check, masks errors, and is healthy only when all are', () => {
    const health: Record<string, ServiceHealth> = {
      db: { service: 'db', state: 'unhealthy', run: 'running', checks: [{ check: 'pg', ok: false, latencyMs: 3, at, error: 'exit 2: password=hunter22' }], latencyMs: 3, lastCheckAt: at, blockedBy: [] },
      api: { service: 'api', state: 'healthy', run: 'unknown', checks: [{ check: 'http#1', ok: true, latencyMs: 9, at }], latencyMs: 9, lastCheckAt: at, blockedBy: ['db'], rootCause: 'db' },
    };
    const j = statusJson(profile, 'local', health, at + 5, (s) => s.replace('hunter22', '***'));
    expect(j).toEqual({
      profile: 'test',
      environment: 'local',
      checkedAt: '2026-01-01T12:00:00.005Z',
      healthy: false,
      services: [
        { name: 'db', state: 'unhealthy', run: 'running', hosts: [], latencyMs: 3, lastCheckAt: '2026-01-01T12:00:00.000Z', blockedBy: [], rootCause: null, unreachable: false, missing: false, checks: [{ name: 'pg', kind: 'command', host: null, ok: false, slow: false, latencyMs: 3, error: 'exit 2: password=***' }], instances: [] },
        {
          name: 'api', state: 'healthy', run: 'unknown', hosts: [], latencyMs: 9, lastCheckAt: '2026-01-01T12:00:00.000Z', blockedBy: ['db'], rootCause: 'db', unreachable: false, missing: false,
          checks: [
            { name: 'http#1', kind: 'http', host: null, ok: true, slow: false, latencyMs: 9, error: null },
            { name: 'tcp#2', kind: 'tcp', host: null, ok: false, slow: false, latencyMs: null, error: 'no result yet' },
          ],
          instances: [],
        },
      ],
    });
  });
});

const svc = (over: Partial<StatusServiceJson>): StatusServiceJson => ({ name: 'api', state: 'healthy', run: 'running', hosts: [], latencyMs: 12, lastCheckAt: new Date(at).toISOString(), blockedBy: [], rootCause: null, unreachable: false, missing: false, checks: [], instances: [], ...over });
const check = (over: Partial<StatusServiceJson['checks'][number]>) => ({ name: 'http#1', kind: 'http' as const, host: null, ok: true, slow: false, latencyMs: 12, error: null, ...over });

describe('statusJson on hosts', () => {
  it('names the hosts of each service and the host of each placed check', () => {
    const p = makeProfile({
      hosts: { 'web-1': { ssh: 'deploy@web-1', labels: { role: 'web' } }, 'web-2': { ssh: 'web-2', labels: { role: 'web' } }, 'db-1': { ssh: 'db-1' } },
      environments: { production: { hosts: ['web-1', 'web-2'] } },
      services: { web: { on: { role: 'web' }, health: [{ name: 'up', command: ['true'] }] }, db: { on: 'db-1', health: [{ command: ['true'] }] } },
    });
    const health: Record<string, ServiceHealth> = {
      web: { service: 'web', state: 'degraded', run: 'unknown', checks: [{ check: 'up@web-2', ok: false, latencyMs: 5, at, error: 'exit 1' }], blockedBy: [] },
    };
    const j = statusJson(p, 'production', health, at);
    expect(j.services[0]).toMatchObject({ name: 'web', hosts: ['web-1', 'web-2'] });
    expect(j.services[0]!.checks).toEqual([
      { name: 'up@web-1', kind: 'command', host: 'web-1', ok: false, slow: false, latencyMs: null, error: 'no result yet' },
      { name: 'up@web-2', kind: 'command', host: 'web-2', ok: false, slow: false, latencyMs: 5, error: 'exit 1' },
    ]);
    // db-1 is not a production host: the service has no instance and no check there.
    expect(j.services[1]).toMatchObject({ name: 'db', hosts: [], checks: [] });
  });

  it("lists a docker service's instances with their host, Docker's times as ISO, problems masked", () => {
    const p = makeProfile({
      hosts: { 'web-1': { ssh: 'web-1', labels: { role: 'web' } }, 'web-2': { ssh: 'web-2', labels: { role: 'web' } } },
      services: { web: { on: { role: 'web' }, docker: { container: 'shop-web' } } },
    });
    const health: Record<string, ServiceHealth> = {
      web: {
        service: 'web', state: 'degraded', run: 'running', checks: [{ check: 'container', ok: false, partial: true, latencyMs: 5, at, error: '1/2 running: web@web-2 unreachable' }], blockedBy: [],
        instances: [
          { name: 'web@web-1', host: 'web-1', container: 'shop-web', containerId: 'c0ffee', run: 'running', status: 'running', health: 'healthy', startedAt: '2026-01-01T11:59:00.123456789Z', restartCount: 1, cpuPercent: 2.5, memoryBytes: 1024 },
          { name: 'web@web-2', host: 'web-2', run: 'unknown', status: 'unreachable', problem: 'cannot reach Docker at ssh://web-2: token=hunter22' },
        ],
      },
    };
    const j = statusJson(p, 'local', health, at, (t) => t.replace('hunter22', '***'));
    expect(j.services[0]!.instances).toEqual([
      { name: 'web@web-1', host: 'web-1', container: 'shop-web', containerId: 'c0ffee', run: 'running', status: 'running', health: 'healthy', startedAt: '2026-01-01T11:59:00.123Z', restartCount: 1, exitCode: null, problem: null },
      { name: 'web@web-2', host: 'web-2', container: null, containerId: null, run: 'unknown', status: 'unreachable', health: null, startedAt: null, restartCount: null, exitCode: null, problem: 'cannot reach Docker at ssh://web-2: token=***' },
    ]);
    expect(statusRow(j.services[0]!, at, 'docker')[1]).toBe('1/2 running');
  });
});

describe('statusDetail', () => {
  it.each<[string, Partial<StatusServiceJson>, string]>([
    ['healthy: nothing to say', { checks: [check({})] }, ''],
    ['first failing check, and how many more', { state: 'unhealthy', checks: [check({ ok: false, error: 'status 503 (expected 200)' }), check({ name: 'tcp#2', ok: false, error: 'connection refused' })] }, 'http#1: status 503 (expected 200) (+1 more failing)'],
    ['slow', { state: 'degraded', checks: [check({ slow: true, latencyMs: 812 })] }, 'slow: http#1 812ms'],
    ['stopped', { state: 'stopped', run: 'exited' }, 'service exited'],
    ['no checks, no controller', { state: 'unknown', run: 'unknown' }, 'no health checks; run state unknown'],
    ['direct dependency', { checks: [check({})], blockedBy: ['db'], rootCause: 'db' }, 'depends on db, not healthy'],
    ['chained root cause', { state: 'unhealthy', checks: [check({ ok: false, error: 'timeout after 2s' })], blockedBy: ['api'], rootCause: 'db' }, 'http#1: timeout after 2s · depends on api, not healthy (root cause: db)'],
  ])('%s', (_n, over, text) => {
    expect(statusDetail(svc(over))).toBe(text);
  });
});

describe('statusRow and summary', () => {
  it('formats latency and the age of the last check', () => {
    expect(statusRow(svc({ checks: [check({})] }), at + 3200, 'process')).toEqual(['api', 'running', 'healthy', '12ms', '3.2s ago', '']);
    expect(statusRow(svc({ latencyMs: null, lastCheckAt: null }), at, 'process')).toEqual(['api', 'running', 'healthy', '-', '-', '']);
  });
  it('an external service reads "external", as on the console, not "unknown" (its JSON run stays "unknown")', () => {
    expect(statusRow(svc({ run: 'unknown' }), at, 'external')[1]).toBe('external');
    expect(statusRow(svc({ run: 'unknown' }), at, 'process')[1]).toBe('unknown');
  });
  it('counts states worst-last in a fixed order', () => {
    expect(statusSummary({ profile: 'p', environment: 'e', checkedAt: '', healthy: false, services: [svc({}), svc({ state: 'unhealthy' }), svc({})] })).toBe('3 service(s): 2 healthy, 1 unhealthy');
  });
});

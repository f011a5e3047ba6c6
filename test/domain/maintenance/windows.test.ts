// Maintenance windows evaluated with the real cron library: time zones, a DST change, a window
// crossing midnight, one-off windows, load-time validation.
import { describe, expect, it } from 'vitest';
import { windowProblems, windowState, type WindowFile } from '../../../src/domain/maintenance/windows.js';
import { parseZonedTime } from '../../../src/domain/maintenance/zoned-time.js';
import { compileCron } from '../../../src/adapters/schedule/cron.js';

const at = (iso: string) => Date.parse(iso);
const state = (w: WindowFile[], now: string, env = 'production') => windowState(w, [], env, at(now), compileCron);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('cron windows', () => {
  const weekly: WindowFile = { name: 'weekly', cron: '0 2 * * SUN', duration: '2h', timezone: 'Europe/Paris', environments: ['production'] };

  it('active inside, next one named outside, in the stated time zone', () => {
    // Sunday 2026-06-07 02:00 Paris (CEST, UTC+2) = 00:00 UTC.
    const inside = state([weekly], '2026-06-07T01:30:00Z');
    expect([inside.active?.name, iso(inside.active?.startMs), iso(inside.active?.endMs)]).toEqual(['weekly', '2026-06-07T00:00:00.000Z', '2026-06-07T02:00:00.000Z']);
    const after = state([weekly], '2026-06-07T02:00:00Z');
    expect(after.active).toBeUndefined();
    expect(iso(after.next?.startMs)).toBe('2026-06-14T00:00:00.000Z');
    // Another environment is not covered.
    expect(state([weekly], '2026-06-07T01:30:00Z', 'staging')).toEqual({});
  });

  it('the same wall-clock time is another instant in another zone', () => {
    const ny = { ...weekly, timezone: 'America/New_York' };
    const s = state([ny], '2026-06-07T05:00:00Z');
    expect(iso(s.next?.startMs ?? s.active?.startMs)).toBe('2026-06-07T06:00:00.000Z');
  });

  it('a window crossing midnight is active on both sides of it', () => {
    const nightly: WindowFile = { name: 'nightly', cron: '0 23 * * *', duration: '3h', timezone: 'UTC' };
    expect(iso(state([nightly], '2026-06-07T23:30:00Z').active?.endMs)).toBe('2026-06-08T02:00:00.000Z');
    expect(iso(state([nightly], '2026-06-08T01:59:00Z').active?.startMs)).toBe('2026-06-07T23:00:00.000Z');
    expect(state([nightly], '2026-06-08T02:00:00Z').active).toBeUndefined();
  });

  it('across DST changes: the window keeps its wall-clock start; a start in the spring gap runs after it', () => {
    const daily: WindowFile = { name: 'daily', cron: '30 2 * * *', duration: '1h', timezone: 'Europe/Paris' };
    // Before the change (CET, UTC+1) 02:30 = 01:30Z; after it (CEST, UTC+2) 02:30 = 00:30Z.
    expect(iso(state([daily], '2026-03-27T12:00:00Z').next?.startMs)).toBe('2026-03-28T01:30:00.000Z');
    // 2026-03-29 02:30 does not exist in Paris: the first instant after the gap, 03:30 CEST.
    expect(iso(state([daily], '2026-03-28T12:00:00Z').next?.startMs)).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(state([daily], '2026-03-29T12:00:00Z').next?.startMs)).toBe('2026-03-30T00:30:00.000Z');
    // Autumn: 02:30 happens twice; the window opens at the first.
    expect(iso(state([daily], '2026-10-24T12:00:00Z').next?.startMs)).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('one-off windows', () => {
  it('start/end as wall-clock in the zone, or with an offset; across a DST change the real length counts', () => {
    const w: WindowFile = { name: 'migration', start: '2026-03-29T01:00', end: '2026-03-29T04:00', timezone: 'Europe/Paris' };
    const s = state([w], '2026-03-29T00:30:00Z');
    expect([iso(s.active?.startMs), iso(s.active?.endMs)]).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T02:00:00.000Z']);
    expect(parseZonedTime('2026-12-05T22:00:00+05:30', 'UTC')).toBe(at('2026-12-05T16:30:00Z'));
    expect(parseZonedTime('2026-12-05T22:00', 'Asia/Tokyo')).toBe(at('2026-12-05T13:00:00Z'));
    const ended = state([w], '2026-03-29T03:00:00Z');
    expect(ended).toEqual({});
  });

  it('ad-hoc windows count for their environment only', () => {
    const s = windowState([], [{ environment: 'production', startMs: at('2026-01-01T10:00:00Z'), endMs: at('2026-01-01T10:30:00Z'), reason: 'db upgrade', by: 'ana@b' }], 'production', at('2026-01-01T10:10:00Z'), compileCron);
    expect(s.active).toMatchObject({ name: 'ad-hoc', adHoc: true, reason: 'db upgrade' });
    expect(windowState([], [{ environment: 'production', startMs: 0, endMs: at('2030-01-01T00:00:00Z'), reason: 'x', by: 'y' }], 'staging', at('2026-01-01T10:10:00Z'), compileCron)).toEqual({});
  });
});

describe('validation', () => {
  const check = (w: Partial<WindowFile>) => windowProblems({ timezone: 'UTC', ...w } as WindowFile, compileCron).map((p) => `${p.path.join('.')}: ${p.message}`);
  it('names what is wrong, at the key', () => {
    expect(check({ cron: '61 2 * * *', duration: '1h' })).toEqual(['cron: invalid cron expression "61 2 * * *": Invalid value for minute: 61']);
    expect(check({ cron: '0 2 * * *' })).toEqual(['cron: a cron window needs a duration (e.g. duration: 2h)']);
    expect(check({ cron: '0 2 * * *', duration: '1h', timezone: 'Mars/Olympus' })[0]).toMatch(/^timezone: unknown time zone "Mars\/Olympus"/);
    expect(check({ start: '2026-13-01T00:00', end: '2026-12-01T00:00' })[0]).toMatch(/^start: "2026-13-01T00:00" is not a time/);
    expect(check({ start: '2026-12-01T02:00', end: '2026-12-01T01:00' })).toEqual(['end: the window ends before it starts']);
    expect(check({})).toEqual([': a window needs exactly one of cron (with duration) or start (with end or duration)']);
  });
});

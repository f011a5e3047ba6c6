import { describe, it, expect } from 'vitest';
import { detectLevel } from '../../../src/domain/logs/level-detect.js';
import { detectTimestamp } from '../../../src/domain/logs/timestamp-detect.js';
import { atLeast, parseLevelName } from '../../../src/domain/logs/log-line.js';

describe('detectLevel', () => {
  it.each([
    ['{"level":"warn","msg":"disk 91%"}', 'warn'],
    ['{"msg":"x","severity":"ERROR"}', 'error'],
    ['{"lvl":"dbg","msg":"x"}', 'debug'],
    ['{"level":50,"msg":"pino error"}', 'error'],
    ['{"level":30,"msg":"pino info"}', 'info'],
    ['{"log.level":"fatal"}', 'fatal'],
    ['time=2026-11-23T18:00:00Z level=warning msg="slow query"', 'warn'],
    ['ts=1 lvl=error msg=boom', 'error'],
    ['2026-11-23T18:08:18.100Z WARN  [svc-auth] seq=0001233 connection reset', 'warn'],
    ['2026-11-23 18:08:18,100 ERROR app.db: lost connection', 'error'],
    ['[warn] cache miss storm', 'warn'],
    ['[Error] something', 'error'],
    ['<E> bad', 'error'],
    ['W1123 18:08:18.123456   12 reflector.go:1] watch closed', 'warn'],
    ['E1123 18:08:18.123456   12 main.go:1] failed', 'error'],
    ['I1123 18:08:18.123456   12 main.go:1] ok', 'info'],
    ['INFO: server listening on :8080', 'info'],
    ['FATAL could not bind', 'fatal'],
    ['2026/11/23 18:00:00 [crit] 123#0: nginx died', 'fatal'],
    ['GET /errors/list 200 3ms', undefined],
    ['no level in this line at all', undefined],
    ['information about terror', undefined],
  ])('%s → %s', (line, level) => {
    expect(detectLevel(line)).toBe(level);
  });

  it('ranks levels for thresholds', () => {
    expect(atLeast('error', 'warn')).toBe(true);
    expect(atLeast('info', 'warn')).toBe(false);
    expect(atLeast(undefined, 'warn')).toBe(false);
    expect(atLeast(undefined, undefined)).toBe(true);
    expect(parseLevelName('WARNING')).toBe('warn');
    expect(parseLevelName('nope')).toBeUndefined();
  });
});

describe('detectTimestamp', () => {
  const now = Date.UTC(2026, 10, 23, 20, 0, 0);
  it.each([
    ['2026-11-23T18:08:18.100Z WARN x', Date.UTC(2026, 10, 23, 18, 8, 18, 100)],
    ['2026-11-23T18:08:18+02:00 x', Date.UTC(2026, 10, 23, 16, 8, 18)],
    ['2026-11-23T18:08:18.123456789-0130 x', Date.UTC(2026, 10, 23, 19, 38, 18, 123)],
    ['{"msg":"started a long message that pushes the time field beyond forty chars","time":"2026-11-23T18:08:18Z"}', Date.UTC(2026, 10, 23, 18, 8, 18)],
    ['{"ts":1795456098.5,"msg":"x"}', 1795456098500],
    ['{"ts":1795456098123,"msg":"x"}', 1795456098123],
  ])('%s', (line, expected) => {
    expect(detectTimestamp(line, now)).toBe(expected);
  });

  it('reads syslog and klog times in local time with the current year', () => {
    expect(detectTimestamp('Nov 23 18:08:18 host sshd[1]: hi', now)).toBe(new Date(2026, 10, 23, 18, 8, 18).getTime());
    expect(detectTimestamp('W1123 18:08:18.250000 1 x.go:1] y', now)).toBe(new Date(2026, 10, 23, 18, 8, 18, 250).getTime());
  });

  it('ignores lines without a time and dates deep in a message', () => {
    expect(detectTimestamp('plain text', now)).toBeUndefined();
    expect(detectTimestamp('user asked about an order placed on some day long ago: 2020-01-01T00:00:00Z', now)).toBeUndefined();
  });
});

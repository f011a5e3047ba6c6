import { describe, it, expect } from 'vitest';
import { parseDuration, formatDuration } from '../../src/domain/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500], ['2s', 2000], ['1m30s', 90_000], ['2h', 7_200_000], ['1.5s', 1500], ['20m', 1_200_000],
    ['30', 30_000], [30, 30_000], [0.5, 500], [' 2s ', 2000], ['1d', 86_400_000],
  ] as const)('%j → %d ms', (input, ms) => expect(parseDuration(input)).toBe(ms));

  it.each(['', 'fast', '2 s', '2sec', '-1s', 's', '1m30', '10x', -1, Number.NaN] as const)('%j is not a duration', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850ms'], [2500, '2.5s'], [2000, '2s'], [42_000, '42s'], [190_000, '3m10s'], [3_900_000, '1h05m'], [-1, '-'],
  ])('%d → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

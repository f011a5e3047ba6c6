import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, jsonPathMismatch, parseJsonPath } from '../../../src/domain/health/json-path.js';

describe('parseJsonPath', () => {
  it.each([
    ['status', ['status']],
    ['$.status', ['status']],
    ['data.items[0].state', ['data', 'items', 0, 'state']],
    ['items[2][1]', ['items', 2, 1]],
    ['$[0].a', [0, 'a']],
    ['$', []],
    ['a-b.c_d', ['a-b', 'c_d']],
  ] as const)('%s', (path, steps) => {
    expect(parseJsonPath(path)).toEqual(steps);
  });

  it.each(['', 'a..b', '.a', 'a.', 'a[x]', 'a[0', 'a]'])('rejects %j', (path) => {
    expect(parseJsonPath(path)).toBeUndefined();
  });
});

describe('evaluateJsonPath', () => {
  const doc = { status: 'up', n: 0, flag: false, none: null, data: { items: [{ state: 'green' }, { state: 'red' }] } };
  it('follows keys and indexes', () => {
    expect(evaluateJsonPath(doc, ['data', 'items', 1, 'state'])).toEqual({ found: true, value: 'red' });
    expect(evaluateJsonPath(doc, ['none'])).toEqual({ found: true, value: null });
    expect(evaluateJsonPath(doc, [])).toEqual({ found: true, value: doc });
  });
  it('says where the path breaks', () => {
    expect(evaluateJsonPath(doc, ['data', 'items', 5, 'state'])).toEqual({ found: false, at: 'data.items[5]' });
    expect(evaluateJsonPath(doc, ['status', 'x'])).toEqual({ found: false, at: 'status.x' });
    expect(evaluateJsonPath(doc, ['data', 0])).toEqual({ found: false, at: 'data[0]' });
    expect(evaluateJsonPath(doc, ['toString'])).toEqual({ found: false, at: 'toString' });
  });
});

describe('jsonPathMismatch', () => {
  const body = JSON.stringify({ status: 'up', count: 3, ok: true, v: null });
  it.each([
    ['status', 'up', undefined],
    ['count', 3, undefined],
    ['ok', true, undefined],
    ['v', null, undefined],
    ['count', '3', 'json count is 3 (expected "3")'],
    ['status', 'down', 'json status is "up" (expected "down")'],
    ['missing', 1, 'json path "missing" not found (missing at missing)'],
    ['a..b', 1, 'invalid json path "a..b"'],
  ] as const)('%s equals %j', (path, equals, result) => {
    expect(jsonPathMismatch(body, path, equals)).toBe(result);
  });
  it('fails on a body that is not JSON', () => {
    expect(jsonPathMismatch('<html>', 'status', 'up')).toBe('body is not JSON');
  });
});

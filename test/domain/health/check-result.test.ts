import { describe, expect, it } from 'vitest';
import { lastLine, networkError, timeoutError } from '../../../src/domain/health/check-result.js';

describe('check result texts', () => {
  it.each([
    [2000, 'timeout after 2s'],
    [1500, 'timeout after 1.5s'],
    [500, 'timeout after 500ms'],
    [90_000, 'timeout after 1m30s'],
  ])('timeout %i ms reads "%s"', (ms, text) => {
    expect(timeoutError(ms)).toBe(text);
  });

  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ECONNRESET', 'connection reset'],
    ['ENOTFOUND', 'host not found: db.internal'],
    ['EHOSTUNREACH', 'host unreachable'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls: ERR_TLS_CERT_ALTNAME_INVALID'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls: DEPTH_ZERO_SELF_SIGNED_CERT'],
    [undefined, 'socket hang up'],
  ])('%s reads "%s"', (code, text) => {
    expect(networkError(code, 'socket hang up', 'db.internal')).toBe(text);
  });

  it('keeps the last non-empty output line, cut to fit', () => {
    expect(lastLine('one\ntwo\n\n  ')).toBe('two');
    expect(lastLine('x'.repeat(200), 10)).toBe('xxxxxxxxx…');
    expect(lastLine('')).toBe('');
  });
});

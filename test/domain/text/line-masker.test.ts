import { describe, expect, it } from 'vitest';
import { createRedactor, MASK } from '../../../src/domain/text/redaction.js';
import { createLineMasker, MAX_KEY_BLOCK_LINES } from '../../../src/domain/text/line-masker.js';

const KEY = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA1x2y3z', 'QyT7uVbW9xZ0aB1cD2eF3g', '-----END RSA PRIVATE KEY-----'];

describe('line masker', () => {
  it('masks every body line of a key printed over several lines', () => {
    const m = createLineMasker(createRedactor());
    const out = ['before', ...KEY, 'after password=x1'].map((l) => m.line(l));
    expect(out.join('\n')).not.toMatch(/MIIE|QyT7/);
    expect(out).toEqual(['before', `-----BEGIN RSA PRIVATE KEY-----${MASK}`, MASK, MASK, `${MASK}-----END RSA PRIVATE KEY-----`, `after password=${MASK}`]);
  });

  it('masks a block with prefixed lines (a logger adding timestamps)', () => {
    const m = createLineMasker(createRedactor());
    const out = KEY.map((l) => m.line(`2026-01-01T00:00:00Z info ${l}`));
    expect(out.join('\n')).not.toMatch(/MIIE|QyT7/);
  });

  it('stops masking after a block that never ends', () => {
    const m = createLineMasker(createRedactor());
    m.line(KEY[0]!);
    for (let i = 0; i < MAX_KEY_BLOCK_LINES; i++) expect(m.line('AAAA')).toBe(MASK);
    expect(m.line('normal again')).toBe('normal again');
  });

  it('a one-line key (escaped newlines in JSON) is masked by the redactor alone', () => {
    const m = createLineMasker(createRedactor());
    expect(m.line(`{"key":"${KEY.join('\\n')}","n":1}`)).toBe(`{"key":"-----BEGIN RSA PRIVATE KEY-----${MASK}-----END RSA PRIVATE KEY-----","n":1}`);
    expect(m.line('next')).toBe('next');
  });
});

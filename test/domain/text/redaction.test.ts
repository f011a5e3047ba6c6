import { describe, it, expect } from 'vitest';
import { createRedactor, MASK } from '../../../src/domain/text/redaction.js';

describe('redaction', () => {
  const r = createRedactor(['s3cr3t-value-123']);
  it.each([
    ['connecting with s3cr3t-value-123 now', `connecting with ${MASK} now`],
    ['postgres://app:hunter2@db:5432/shop', `postgres://app:${MASK}@db:5432/shop`],
    ['Authorization: Bearer abc.def.ghi', `Authorization: Bearer ${MASK}`],
    ['SHOP_API_TOKEN=tok_123 next', `SHOP_API_TOKEN=${MASK} next`],
    ['AWS_SECRET_ACCESS_KEY=abcd', `AWS_SECRET_ACCESS_KEY=${MASK}`],
    ['login password=letmein ok', `login password=${MASK} ok`],
    ['{"password": "x1y2"}', `{"password": "${MASK}"}`],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', `-----BEGIN PRIVATE KEY-----${MASK}-----END PRIVATE KEY-----`],
    ['nothing secret here: status=200 latency=12ms', 'nothing secret here: status=200 latency=12ms'],
  ])('%s', (input, expected) => {
    expect(r.redact(input)).toBe(expected);
  });
});

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
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', `-----BEGIN RSA PRIVATE KEY-----${MASK}-----END RSA PRIVATE KEY-----`],
    ['key: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk (cut)', `key: -----BEGIN OPENSSH PRIVATE KEY-----${MASK}`],
    ['{"Authorization": "Bearer eyJhbGciOi.x.y"}', `{"Authorization": "Bearer ${MASK}"}`],
    ["{'authorization':'Basic dXNlcjpwYXNz'}", `{'authorization':'Basic ${MASK}'}`],
    ['export DEPLOY_TOKEN="two words"', `export DEPLOY_TOKEN="${MASK}"`],
    ['redis://:p@ss@cache:6379/0', `redis://:${MASK}@cache:6379/0`],
    ['nothing secret here: status=200 latency=12ms', 'nothing secret here: status=200 latency=12ms'],
  ])('%s', (input, expected) => {
    expect(r.redact(input)).toBe(expected);
  });
});

describe('encoded forms of a declared secret', () => {
  const secret = 'Zq8#long-secret-value!';
  const r = createRedactor([secret]);
  const b64 = Buffer.from(secret).toString('base64');
  it.each([
    ['base64', `got ${b64} back`],
    ['base64 without padding', `got ${b64.replace(/=+$/, '')} back`],
    ['base64url', `got ${Buffer.from(secret).toString('base64url')} back`],
    ['base64 of a text holding it (shift 1)', Buffer.from(`x${secret}y`).toString('base64')],
    ['base64 of a text holding it (shift 2)', Buffer.from(`xy${secret}zz`).toString('base64')],
    ['hex', `hex ${Buffer.from(secret).toString('hex')}`],
    ['HEX', `hex ${Buffer.from(secret).toString('hex').toUpperCase()}`],
    ['percent-encoded', `url ?p=${encodeURIComponent(secret)}`],
  ])('%s is masked', (_name, text) => {
    const out = r.redact(text);
    expect(out).toContain(MASK);
    expect(out).not.toContain(secret);
    // No recognisable remnant of the encoding: at most a few boundary characters stay.
    const encoded = [b64, Buffer.from(secret).toString('hex'), encodeURIComponent(secret)];
    for (const e of encoded) expect(out).not.toContain(e.slice(4, -4));
  });
});

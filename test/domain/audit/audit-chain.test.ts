import { describe, expect, it } from 'vitest';
import { chainEntry, verifyChain, hashEntry, type AuditEntry } from '../../../src/domain/audit/audit-chain.js';
import { canonicalJson } from '../../../src/domain/audit/canonical-json.js';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) out.push(chainEntry(out[out.length - 1], { ts: `2026-01-01T00:00:0${i}Z`, user: 'u', host: 'h', action: 'step.finish', step: `s${i}`, outcome: 'ok' }));
  return out;
}

describe('audit chain', () => {
  it('canonical JSON ignores key order and undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('an intact chain verifies', () => {
    const c = chain(5);
    expect(c[1]!.prev).toBe(c[0]!.hash);
    expect(verifyChain(c)).toEqual([]);
  });

  it('finds an edited entry by line', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, outcome: 'failed' };
    expect(verifyChain(c)).toEqual([{ line: 3, message: expect.stringMatching(/entry 3 was edited/) }]);
  });

  it('finds an edit even when the editor recomputed the hash (the next entry breaks)', () => {
    const c = chain(5);
    const edited = { ...c[2]!, outcome: 'failed' };
    c[2] = { ...edited, hash: hashEntry(edited) };
    const problems = verifyChain(c);
    expect(problems.map((p) => p.line)).toEqual([4]);
  });

  it('finds a removed entry', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyChain(c)).toEqual([{ line: 2, message: expect.stringMatching(/entry 2 missing/) }]);
  });

  it('finds reordered entries', () => {
    const c = chain(5);
    [c[1], c[2]] = [c[2]!, c[1]!];
    const problems = verifyChain(c);
    expect(problems[0]!.line).toBe(2);
    expect(problems.some((p) => /out of order/.test(p.message))).toBe(true);
  });

  it('reports a damaged line', () => {
    const c: (AuditEntry | undefined)[] = chain(3);
    c[1] = undefined;
    expect(verifyChain(c)[0]).toEqual({ line: 2, message: expect.stringMatching(/not a valid audit entry/) });
  });
});

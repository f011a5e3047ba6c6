import { describe, it, expect } from 'vitest';
import { LogPipeline } from '../../../src/domain/logs/log-pipeline.js';
import { createRedactor, MASK } from '../../../src/domain/text/redaction.js';

describe('LogPipeline', () => {
  const redactor = createRedactor(['hunter2-very-secret']);

  it('masks a declared secret split across chunks, and credential shapes', () => {
    const p = new LogPipeline({ source: 'api:file', service: 'api', redactor });
    const text = 'connecting with hunter2-very-secret\nSHOP_API_TOKEN=tok_abcdef next\n';
    for (let cut = 1; cut < text.length; cut++) {
      const q = new LogPipeline({ source: 's', service: 'api', redactor });
      const lines = [...q.push({ text: text.slice(0, cut) }), ...q.push({ text: text.slice(cut) })].map((l) => l.text);
      expect(lines).toEqual([`connecting with ${MASK}`, `SHOP_API_TOKEN=${MASK} next`]);
    }
    expect(p.push({ text: 'postgres://u:pw@db/x\n' })[0]!.text).toBe(`postgres://u:${MASK}@db/x`);
  });

  it('masks a multi-line private key block, however the chunks fall', () => {
    const text = 'boot\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBody1\nAwEHoUQDQgAEBody2\n-----END EC PRIVATE KEY-----\nready\n';
    for (let cut = 1; cut < text.length; cut += 7) {
      const q = new LogPipeline({ source: 's', service: 'api', redactor });
      const lines = [...q.push({ text: text.slice(0, cut) }), ...q.push({ text: text.slice(cut) })].map((l) => l.text);
      expect(lines.join('\n')).not.toMatch(/Body1|Body2/);
      expect(lines[0]).toBe('boot');
      expect(lines.at(-1)).toBe('ready');
    }
  });

  it('numbers lines in arrival order across sources and classifies them', () => {
    const seq = { next: 1 };
    const a = new LogPipeline({ source: 'a', service: 'api', redactor, seq, now: () => 5 });
    const b = new LogPipeline({ source: 'b', service: 'db', redactor, seq, now: () => 5 });
    const l1 = a.push({ text: '2026-11-23T18:08:18Z ERROR boom\npart' });
    const l2 = b.push({ text: '[warn] slow\n' });
    const l3 = a.push({ text: 'ial\n' });
    expect(l1.map((l) => [l.seq, l.level, l.ts])).toEqual([[1, 'error', Date.UTC(2026, 10, 23, 18, 8, 18)]]);
    expect(l2[0]).toMatchObject({ seq: 2, level: 'warn', service: 'db', source: 'b', at: 5 });
    expect(l3[0]).toMatchObject({ seq: 3, text: 'partial' });
    expect(l3[0]!.level).toBeUndefined();
  });

  it('keeps stdout and stderr partial lines apart', () => {
    const p = new LogPipeline({ source: 's', service: 'x', redactor });
    expect(p.push({ text: 'out-', stream: 'stdout' })).toEqual([]);
    expect(p.push({ text: 'err\n', stream: 'stderr' }).map((l) => [l.text, l.stream])).toEqual([['err', 'stderr']]);
    expect(p.push({ text: 'line\n', stream: 'stdout' }).map((l) => l.text)).toEqual(['out-line']);
    expect(p.push({ text: 'tail', stream: 'stdout' })).toEqual([]);
    expect(p.flush().map((l) => l.text)).toEqual(['tail']);
  });
});

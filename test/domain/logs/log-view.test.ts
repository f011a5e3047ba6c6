import { describe, it, expect } from 'vitest';
import { RingBuffer } from '../../../src/domain/ring-buffer.js';
import { LogView, type ViewRow } from '../../../src/domain/logs/log-view.js';
import { parsePattern } from '../../../src/domain/logs/log-filter.js';
import { LogPipeline } from '../../../src/domain/logs/log-pipeline.js';
import { createRedactor } from '../../../src/domain/text/redaction.js';
import type { LogLine } from '../../../src/domain/logs/log-line.js';

const redactor = createRedactor();
function feeder(seq = { next: 1 }) {
  return (buf: RingBuffer<LogLine>, service: string, text: string) => {
    const p = new LogPipeline({ source: service, service, redactor, seq });
    for (const l of p.push({ text })) buf.push(l);
  };
}
const texts = (rows: ViewRow[]) => rows.map((r) => (r.kind === 'gap' ? '--' : r.line.text));
const matcher = (s: string) => {
  const p = parsePattern(s);
  if (!p.ok) throw new Error(p.error);
  return p.matcher;
};

describe('ring buffer bounds', () => {
  it('keeps only the newest lines however many arrive', () => {
    const b = new RingBuffer<LogLine>(100);
    const feed = feeder();
    for (let i = 0; i < 10_000; i++) feed(b, 'a', `line ${i}\n`);
    expect(b.size).toBe(100);
    expect(b.at(0)!.text).toBe('line 9900');
    expect(b.last()!.text).toBe('line 9999');
    const v = new LogView([b]);
    expect(v.size).toBe(100);
    for (let i = 0; i < 1000; i++) feed(b, 'a', `more ${i}\n`);
    v.sync();
    expect(v.size).toBeLessThanOrEqual(200);
    expect(v.row(v.end - 1)).toMatchObject({ line: { text: 'more 999' } });
  });
});

describe('LogView', () => {
  it('merges sources by arrival order and syncs incrementally', () => {
    const a = new RingBuffer<LogLine>(50);
    const b = new RingBuffer<LogLine>(50);
    const feed = feeder();
    feed(a, 'api', 'a1\n');
    feed(b, 'db', 'b1\n');
    feed(a, 'api', 'a2\n');
    const v = new LogView([a, b]);
    expect(texts(v.slice(v.start, v.end))).toEqual(['a1', 'b1', 'a2']);
    feed(b, 'db', 'b2\n');
    feed(a, 'api', 'a3\n');
    expect(v.sync()).toBe(2);
    expect(texts(v.slice(v.start, v.end))).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('interleaves the sources’ history by the time in the lines, not source by source', () => {
    const a = new RingBuffer<LogLine>(50);
    const b = new RingBuffer<LogLine>(50);
    const feed = feeder();
    feed(a, 'api', '2026-01-01T00:00:01Z one\n2026-01-01T00:00:03Z three\n');
    feed(b, 'db', '2026-01-01T00:00:02Z two\n2026-01-01T00:00:04Z four\n');
    const v = new LogView([a, b]);
    expect(texts(v.slice(v.start, v.end)).map((t) => t.split(' ')[1])).toEqual(['one', 'two', 'three', 'four']);
  });

  it('filters with text (case-insensitive) or /regex/, level threshold and context lines', () => {
    const a = new RingBuffer<LogLine>(100);
    const feed = feeder();
    feed(a, 'api', ['INFO one', 'INFO two', 'ERROR Boom here', 'INFO three', 'INFO four', 'INFO five', 'WARN slow', 'INFO six', ''].join('\n'));
    const v = new LogView([a]);
    v.setCriteria({ filter: matcher('boom') });
    expect(texts(v.slice(v.start, v.end))).toEqual(['ERROR Boom here']);
    v.setCriteria({ filter: matcher('/^info (one|six)$/') });
    expect(texts(v.slice(v.start, v.end))).toEqual(['INFO one', 'INFO six']);
    v.setCriteria({ minLevel: 'warn' });
    expect(texts(v.slice(v.start, v.end))).toEqual(['ERROR Boom here', 'WARN slow']);
    v.setCriteria({ minLevel: 'warn', context: 1 });
    expect(texts(v.slice(v.start, v.end))).toEqual(['INFO two', 'ERROR Boom here', 'INFO three', '--', 'INFO five', 'WARN slow', 'INFO six']);
    // Context that arrives later is appended incrementally.
    v.setCriteria({ filter: matcher('seven'), context: 2 });
    feed(a, 'api', 'INFO seven\nINFO eight\nINFO nine\nINFO ten\n');
    v.sync();
    expect(texts(v.slice(v.start, v.end))).toEqual(['WARN slow', 'INFO six', 'INFO seven', 'INFO eight', 'INFO nine']);
    expect(v.lines().map((l) => l.text)).toContain('INFO seven');
  });

  it('finds search matches and warnings/errors forwards and backwards', () => {
    const a = new RingBuffer<LogLine>(100);
    feeder()(a, 'api', 'INFO a\nWARN b\nINFO c target\nERROR d\nINFO e target\n');
    const v = new LogView([a]);
    const m = matcher('TARGET');
    expect(v.find(v.start - 1, 1, (l) => m!.test(l.text))).toBe(2);
    expect(v.find(2, 1, (l) => m!.test(l.text))).toBe(4);
    expect(v.find(4, 1, (l) => m!.test(l.text))).toBeUndefined();
    expect(v.find(4, -1, (l) => m!.test(l.text))).toBe(2);
    expect(v.findWarnOrError(0, 1)).toBe(1);
    expect(v.findWarnOrError(1, 1)).toBe(3);
    expect(v.findWarnOrError(4, -1)).toBe(3);
    expect(m!.ranges('a target and Target')).toEqual([[2, 8], [13, 19]]);
  });

  it('reports an invalid regex instead of throwing', () => {
    const p = parsePattern('/(unclosed/');
    // The same words as `opsdeck logs --grep` (src/domain/regex-error.ts invalidRegexMessage).
    expect(p).toEqual({ ok: false, error: 'invalid regular expression "(unclosed": Unterminated group' });
    expect(parsePattern('/slow|(/c')).toEqual({ ok: false, error: 'invalid regular expression "slow|(": Unterminated group' });
    expect(parsePattern('  ')).toEqual({ ok: true, matcher: undefined });
  });
});

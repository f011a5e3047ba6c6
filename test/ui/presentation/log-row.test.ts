import { describe, it, expect } from 'vitest';
import { formatRow, sanitize } from '../../../src/ui/presentation/log-row.js';
import { parsePattern } from '../../../src/domain/logs/log-filter.js';
import type { ViewRow } from '../../../src/domain/logs/log-view.js';

const row = (text: string, level?: 'warn'): ViewRow => ({ kind: 'line', match: true, line: { seq: 1, source: 's', service: 'api', text, at: 0, level } });
const base = { width: 40, wrap: false, timestamps: false, prefixWidth: 0, prefixColor: () => 'cyan' };

describe('formatRow', () => {
  it('highlights search matches as inverse segments', () => {
    const p = parsePattern('needle');
    if (!p.ok || !p.matcher) throw new Error('pattern');
    const [line] = formatRow(row('a needle and a NEEDLE', 'warn'), { ...base, highlight: p.matcher.ranges });
    expect(line!.map((s) => [s.text, !!s.inverse])).toEqual([['a ', false], ['needle', true], [' and a ', false], ['NEEDLE', true]]);
    expect(line![0]!.color).toBe('yellow');
  });

  it('uses ASCII marks with --ascii', () => {
    const [line] = formatRow(row('hello'), { ...base, prefixWidth: 3, current: true, ascii: true });
    expect(line!.map((s) => s.text).join('')).toBe('>api | hello');
  });

  it('cuts to the width, or wraps under the prefix', () => {
    const long = 'x'.repeat(70);
    expect(formatRow(row(long), base)).toHaveLength(1);
    expect(formatRow(row(long), base)[0]!.map((s) => s.text).join('')).toHaveLength(40);
    const wrapped = formatRow(row(long), { ...base, wrap: true, prefixWidth: 3 });
    expect(wrapped).toHaveLength(3);
    expect(wrapped[0]!.map((s) => s.text).join('')).toBe('api │ ' + 'x'.repeat(34));
    expect(wrapped[1]!.map((s) => s.text).join('')).toBe(' '.repeat(6) + 'x'.repeat(34));
  });

  it('never lets a log line send escape sequences to the terminal', () => {
    expect(sanitize('red \x1b[31mtext\x07 tab\tend')).toBe('red ^[[31mtext^G tab    end');
    expect(sanitize('c1 \u009b2J csi')).toBe('c1 M-^[2J csi');
  });
});

import { describe, it, expect } from 'vitest';
import { LineSplitter, cutMarker } from '../../../src/domain/logs/line-splitter.js';

describe('LineSplitter', () => {
  it('holds partial lines across chunk boundaries', () => {
    const s = new LineSplitter();
    expect(s.push('hel')).toEqual([]);
    expect(s.push('lo\nwor')).toEqual(['hello']);
    expect(s.push('ld\n\nx')).toEqual(['world', '']);
    expect(s.flush()).toEqual(['x']);
    expect(s.flush()).toEqual([]);
  });

  it('splits every possible chunking of a text identically', () => {
    const text = 'alpha\r\nbeta\ngamma delta\n\nepsilon\n';
    const expected = ['alpha', 'beta', 'gamma delta', '', 'epsilon'];
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        const s = new LineSplitter();
        const got = [...s.push(text.slice(0, cut)), ...s.push(text.slice(cut, cut2)), ...s.push(text.slice(cut2)), ...s.flush()];
        expect(got).toEqual(expected);
      }
    }
  });

  it('cuts very long lines with a marker and keeps memory bounded', () => {
    const s = new LineSplitter(10);
    expect(s.push('0123456789abc')).toEqual([]);
    expect(s.pending).toBe(10);
    expect(s.push('def')).toEqual([]);
    expect(s.pending).toBe(10);
    expect(s.push('g\nnext\n')).toEqual([`0123456789${cutMarker(7)}`, 'next']);
  });
});

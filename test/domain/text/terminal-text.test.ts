import { describe, expect, it } from 'vitest';
import { caret, hasControls, jsonSafe, terminalSafe } from '../../../src/domain/text/terminal-text.js';

describe('terminalSafe', () => {
  it.each([
    ['plain text', 'plain text'],
    ['red \x1b[31mtext\x1b[0m', 'red ^[[31mtext^[[0m'],
    ['title \x1b]0;pwned\x07 clip \x1b]52;c;ZXZpbA==\x07', 'title ^[]0;pwned^G clip ^[]52;c;ZXZpbA==^G'],
    ['c1 \u009b2J csi', 'c1 M-^[2J csi'],
    ['osc8 \u009d8;;http://x\u009c', 'osc8 M-^]8;;http://xM-^\\'],
    ['del\x7f nul\x00', 'del^? nul^@'],
    ['bidi \u202eevil\u202c', 'bidi <U+202E>evil<U+202C>'],
    ['tab\tend', 'tab    end'],
  ])('shows %j visibly', (input, shown) => {
    expect(terminalSafe(input)).toBe(shown);
  });

  it('single-line mode shows line breaks, so a value cannot fake a line', () => {
    expect(terminalSafe('v\n  2. drop-all $ rm -rf /')).toBe('v^J  2. drop-all $ rm -rf /');
    expect(terminalSafe('a\r\nb\rc')).toBe('a^M^Jb^Mc');
    expect(terminalSafe('a\u2028b')).toBe('a^Jb');
  });

  it('multiline mode keeps newlines and shows a lone carriage return', () => {
    expect(terminalSafe('one\r\ntwo\nthree\rX', { mode: 'multiline' })).toBe('one\ntwo\nthree^MX');
  });

  it('can keep tabs', () => {
    expect(terminalSafe('a\tb\x1b', { tabWidth: false })).toBe('a\tb^[');
  });

  it('leaves no byte a terminal acts on, for every code point below U+00A0', () => {
    for (let c = 0; c < 0xa0; c++) {
      const out = terminalSafe(`x${String.fromCharCode(c)}y`);
      expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    }
  });

  it('caret notation and detection', () => {
    expect(caret('\x1b')).toBe('^[');
    expect(caret('\x9b')).toBe('M-^[');
    expect(hasControls('ok\tline\n')).toBe(false);
    expect(hasControls('bad\x1b')).toBe(true);
  });
});

describe('jsonSafe', () => {
  it('escapes every control character, C1 and line separators included', () => {
    const text = jsonSafe({ t: 'a\x1b[2J\u009b2J\u2028\u202e\x7f' });
    expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u202e]/);
    expect(JSON.parse(text)).toEqual({ t: 'a\x1b[2J\u009b2J\u2028\u202e\x7f' });
  });
  it('pretty-prints when asked', () => {
    expect(jsonSafe({ a: 1 }, 2)).toBe('{\n  "a": 1\n}');
  });
});

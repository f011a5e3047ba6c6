// The bundle answers string-width for one-column text itself (src/ui/paint/narrow-width.ts): every
// answer it gives must be string-width's own, for both versions bundled (8 for Ink and opsdeck,
// 7 under wrap-ansi), and the characters the console draws must be among those it answers.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import stringWidth8 from 'string-width';
import { narrowWidth } from '../../../src/ui/paint/narrow-width.js';

const require = createRequire(import.meta.url);
type Width = (text: string, options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }) => number;
const wrapAnsiDir = dirname(require.resolve('wrap-ansi'));
const stringWidth7 = ((await import(pathToFileURL(require.resolve('string-width', { paths: [wrapAnsiDir] })).href)) as { default: Width }).default;
const versions: [number, Width][] = [
  [8, stringWidth8],
  [7, stringWidth7],
];

describe('narrowWidth', () => {
  it.each(versions)('answers only what string-width %i answers, for every BMP character below U+2A00', (major, real) => {
    let answered = 0;
    for (let c = 0; c < 0x2a00; c++) {
      const ch = String.fromCharCode(c);
      const w = narrowWidth(ch, undefined, major);
      if (w < 0) continue;
      answered++;
      expect([c.toString(16), w]).toEqual([c.toString(16), real(ch)]);
    }
    expect(answered).toBeGreaterThan(900); // ASCII, Latin-1, punctuation, arrows, maths, box drawing, shapes
  });

  it.each(versions)('sums a string of such characters with colour codes as string-width %i does', (major, real) => {
    const chars = [...'abc XYZ 09 ~|{}─│┌┐└┘├┤█▁▇●○◐•…·←↑→↓⏎×≥–—'];
    if (major >= 8) chars.push(...'▶✔✖⚠⏸');
    const sgr = ['\x1b[31m', '\x1b[39m', '\x1b[1m', '\x1b[22m', '\x1b[38;5;208m', '\x1b[38;2;10;20;30m', '\x1b[0m', '\x1b[m'];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let k = 0; k < 500; k++) {
      let text = '';
      for (let i = next(40); i > 0; i--) text += next(5) === 0 ? sgr[next(sgr.length)] : chars[next(chars.length)];
      expect(narrowWidth(text, undefined, major)).toBe(real(text));
    }
  });

  it('leaves to string-width what could join into a cluster, other escapes, wide text and other options', () => {
    for (const text of ['e\u0301', '▶\ufe0f', '✔\ufe0f', '⚠\ufe0f', 'a\u200db', '日本', '🙂', '\x1b]8;;http://x\x07link\x1b]8;;\x07', '\x1b[2K', '\x1b[', 'tab\there', '\u00ad']) {
      expect(narrowWidth(text, undefined, 8), JSON.stringify(text)).toBe(-1);
    }
    expect(narrowWidth('▶ web', undefined, 7)).toBe(-1); // string-width 7 counts ▶ as two columns
    expect(narrowWidth('abc', { ambiguousIsNarrow: false }, 8)).toBe(-1);
    expect(narrowWidth('abc', { countAnsiEscapeCodes: true }, 8)).toBe(-1);
    expect(narrowWidth(undefined, undefined, 8)).toBe(-1);
    expect(narrowWidth('', undefined, 8)).toBe(0);
  });
});

// lineTokens() must give exactly ansi-tokenize's tokens: the frame buffer turns them into cells,
// so any difference would change what the console draws.
import { describe, it, expect } from 'vitest';
import { tokenize } from '@alcalzone/ansi-tokenize';
import { lineTokens, narrowLineTokens } from '../../../src/ui/ink/line-tokens.js';
import { isNarrowUnit } from '../../../src/ui/paint/narrow-width.js';
import { mulberry32 } from '../../helpers/prng.js';

const SGR = ['\x1b[1m', '\x1b[22m', '\x1b[2m', '\x1b[31m', '\x1b[39m', '\x1b[7m', '\x1b[27m', '\x1b[1;31m', '\x1b[38;5;208m', '\x1b[38;2;10;20;30m', '\x1b[48;5;4m', '\x1b[49m', '\x1b[0m', '\x1b[m', '\x1b[5m', '\x1b[99m', '\x1b[4;7;32m'];
const NARROW = [...'abcXYZ019 -_:/.,|()[]{}<>=+*#@!?~', '●', '◐', '○', '▶', '─', '│', '┌', '…', '·', '→', '✓', '✗', '⏎', 'é', '⧗'];
const OTHER = ['日', '本', '😀', '✔️', 'e\u0301', '\u200d', '🇩🇪', '\x9b31m', '\x1b', '\x1b[', '\x1b]8;;http://x\x07', '\t', '\x1b[31', '▶️'];

describe('lineTokens', () => {
  it('every narrow code unit is one char token, not full width, as tokenize says', () => {
    let checked = 0;
    for (let c = 0; c < 0x2a00; c++) {
      if (!isNarrowUnit(c)) continue;
      const ch = String.fromCharCode(c);
      expect(narrowLineTokens(ch), `U+${c.toString(16)}`).toEqual(tokenize(ch));
      checked++;
    }
    expect(checked).toBeGreaterThan(700);
  });

  it('equals tokenize on 5,000 random lines of narrow text, SGR sequences and other characters', () => {
    const random = mulberry32(20261202);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    let direct = 0;
    for (let n = 0; n < 5000; n++) {
      let line = '';
      const parts = 1 + Math.floor(random() * 30);
      const otherChance = n % 2 === 0 ? 0 : 0.05;
      for (let p = 0; p < parts; p++) {
        const r = random();
        line += r < 0.2 ? pick(SGR) : r < 0.2 + otherChance ? pick(OTHER) : pick(NARROW);
      }
      if (narrowLineTokens(line)) direct++;
      expect(lineTokens(line), JSON.stringify(line)).toEqual(tokenize(line));
    }
    // Both paths were taken.
    expect(direct).toBeGreaterThan(2000);
    expect(direct).toBeLessThan(5000);
  });

  it('leaves to tokenize what is not narrow text and SGR', () => {
    for (const line of ['ok 日本', 'x\x1b]8;;http://x\x07y', 'a\x1b[31', 'e\u0301', 'tab\there']) expect(narrowLineTokens(line), JSON.stringify(line)).toBeUndefined();
  });
});

// ansi-tokenize's tokenize() runs every line through Intl.Segmenter and a full-width test per
// grapheme: the frame that opens a history of 38 fresh rows spent ~3 ms there (CPU profile). A line
// made only of one-column characters that join no neighbour (src/ui/paint/narrow-width.ts) and
// SGR sequences has one grapheme per code unit, none full-width: its tokens are built directly,
// the SGR sequences' tokens still by tokenize() (once per distinct sequence). The result equals
// tokenize()'s token for token (test/ui/ink/line-tokens.test.ts); any other line goes to it.
import { tokenize, type Token } from '@alcalzone/ansi-tokenize';
import { isNarrowUnit, sgrEnd } from '../paint/narrow-width.js';
import { BoundedCache } from './bounded-cache.js';

const sequenceTokens = new BoundedCache<Token[]>(1000);

/** Tokens of a line of narrow characters and SGR sequences, or undefined for any other line. */
export function narrowLineTokens(line: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x1b) {
      const end = sgrEnd(line, i);
      if (end < 0) return undefined;
      for (const t of sequenceTokens.get(line.slice(i, end + 1), tokenize)) tokens.push(t);
      i = end;
    } else if (isNarrowUnit(c)) tokens.push({ type: 'char', value: line[i]!, fullWidth: false });
    else return undefined;
  }
  return tokens;
}

/** tokenize(line), by the direct path where the line allows it. */
export function lineTokens(line: string): Token[] {
  return narrowLineTokens(line) ?? tokenize(line);
}

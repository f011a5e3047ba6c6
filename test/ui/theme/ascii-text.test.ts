// --ascii: what the frame itself changes (asciiSameWidth) keeps every line's width, since Ink
// measured the layout before; the glyph set's own mapping (asciiText) may widen.
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { asciiSameWidth, asciiText } from '../../../src/ui/theme/theme.js';

describe('ASCII text', () => {
  it('asciiSameWidth leaves only ASCII of the characters it knows, each in one column, the width unchanged', () => {
    const text = 'Back up t… backup · owner — ● ok ○ idle ◐ ─│ ▶ ✔ ✖ • – a⏎b';
    const out = asciiSameWidth(text);
    expect(out).toBe('Back up t~ backup | owner - * ok - idle ~ -| > + x * - a|b');
    expect(stringWidth(out)).toBe(stringWidth(text));
    expect(asciiSameWidth('plain text')).toBe('plain text');
  });

  it('asciiText draws arrows wider (the glyph set, before the layout is measured)', () => {
    expect(asciiText('↑/↓ move → next')).toBe('Up/Down move -> next');
  });
});

// The width of text made only of characters one column wide, without string-width's machinery.
// string-width segments every non-ASCII string into grapheme clusters and tests each against
// Unicode property regexes; its first such call compiles `\p{RGI_Emoji}` (~18 ms of every start)
// and each later one costs ~20-30 µs. The console's frames are ASCII, box drawing, arrows, ● ▶
// and a few marks, all one column, and no character here joins its neighbour into a cluster (no
// combining mark, joiner, variation selector, Hangul jamo or regional indicator is in the table):
// so the width is the character count. The bundle wraps string-width with this (scripts/
// bundle-options.mjs fastStringWidth); any other text, SGR codes other than colours and emphasis
// (`ESC [ digits ; m`), or other options go to string-width itself.
// test/ui/paint/narrow-width.test.ts checks every table entry against both bundled versions.

/** One column in string-width 7 and 8 alike. */
const NARROW: readonly (readonly [number, number])[] = [
  [0xa1, 0xa8], [0xaa, 0xac], [0xaf, 0xff], // Latin-1 letters and signs (not ©, soft hyphen, ®)
  [0x2010, 0x2027], [0x2030, 0x203b], // dashes, quotes, bullet, ellipsis, per mille
  [0x2190, 0x2193], [0x219a, 0x21a8], [0x21ab, 0x2319], // arrows, maths, technical
  [0x23ce, 0x23ce], // ⏎
  [0x2500, 0x25a9], [0x25ac, 0x25b5], [0x25b7, 0x25bf], [0x25c1, 0x25fa], // box drawing, blocks, shapes
  [0x2713, 0x2713], [0x2715, 0x2715], [0x2717, 0x2717], // ✓ ✕ ✗
  [0x2980, 0x29ff], // ⧗ and other maths symbols
];

/** One column in string-width 8, which counts these emoji with text presentation as text; 7 counts two. */
const NARROW_SINCE_8: readonly (readonly [number, number])[] = [
  [0x23f8, 0x23fa], // ⏸ ⏹ ⏺
  [0x25aa, 0x25ab], [0x25b6, 0x25b6], [0x25c0, 0x25c0], // ▪ ▫ ▶ ◀
  [0x26a0, 0x26a0], [0x2714, 0x2714], [0x2716, 0x2716], // ⚠ ✔ ✖
];

const TABLE_END = 0x2a00;
/** Per UTF-16 code unit below TABLE_END: 1 narrow for both versions, 2 narrow since 8, 0 unknown. */
const table = new Uint8Array(TABLE_END);
for (let c = 0x20; c < 0x7f; c++) table[c] = 1;
for (const [from, to] of NARROW) table.fill(1, from, to + 1);
for (const [from, to] of NARROW_SINCE_8) table.fill(2, from, to + 1);

const ESC = 0x1b;

/** True for a UTF-16 code unit one column wide in string-width 7 and 8 alike, joining no neighbour into a cluster. */
export function isNarrowUnit(c: number): boolean {
  return c < TABLE_END && table[c] === 1;
}

/** The index of the `m` ending the SGR sequence (`ESC [ digits ; m`) at `i`, or -1 when none starts there. */
export function sgrEnd(text: string, i: number): number {
  if (text.charCodeAt(i) !== ESC || text.charCodeAt(i + 1) !== 0x5b) return -1;
  let j = i + 2;
  for (let d = text.charCodeAt(j); (d >= 0x30 && d <= 0x39) || d === 0x3b; d = text.charCodeAt(++j));
  return text.charCodeAt(j) === 0x6d ? j : -1;
}

/** Options string-width takes; only its defaults are answered here. */
export interface WidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

/**
 * Columns `text` covers when every character in it is in the table (SGR sequences count none),
 * else -1: ask string-width. `major`: the string-width major version being stood in for.
 */
export function narrowWidth(text: unknown, options: WidthOptions | undefined, major: number): number {
  if (typeof text !== 'string') return -1;
  if (options && (options.ambiguousIsNarrow === false || options.countAnsiEscapeCodes)) return -1;
  const narrowest = major >= 8 ? 2 : 1;
  let width = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === ESC) {
      // ESC [ (digits | ;)* m: a colour or emphasis, no columns.
      const end = sgrEnd(text, i);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    const kind = c < TABLE_END ? table[c]! : 0;
    if (kind === 0 || kind > narrowest) return -1;
    width++;
  }
  return width;
}

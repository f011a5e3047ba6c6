// A latency history as a row of block glyphs, scaled to the window's own min..max, but never to
// less than a noise span (30 ms or half the max): jitter of a few ms on a steady service
// draws a flat line, which stays the same text as it scrolls (no redraw), while a real change
// still spans the glyphs.
import type { Glyphs } from '../theme/theme.js';

/**
 * The last `width` values as glyphs, newest on the right; a failed check (undefined) shows
 * the failure glyph; NaN (no latency measured, e.g. a container without checks) a blank;
 * missing history is padded on the left with blanks.
 */
export function sparkline(values: readonly (number | undefined)[], width: number, glyphs: Pick<Glyphs, 'spark' | 'sparkFail' | 'sparkEmpty'>): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const nums = shown.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const min = nums.length ? Math.min(...nums) : 0;
  const max = nums.length ? Math.max(...nums) : 0;
  const levels = glyphs.spark.length;
  const span = Math.max(max - min, 30, max / 2);
  const cells = shown.map((v) => {
    if (Number.isNaN(v)) return glyphs.sparkEmpty;
    if (v === undefined || !Number.isFinite(v)) return glyphs.sparkFail;
    if (max === min) return glyphs.spark[Math.min(levels - 1, 1)]!;
    const level = Math.round(((v - min) / span) * (levels - 1));
    return glyphs.spark[level]!;
  });
  return glyphs.sparkEmpty.repeat(width - cells.length) + cells.join('');
}

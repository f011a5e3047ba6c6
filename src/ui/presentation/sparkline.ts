// A latency history as a row of block glyphs, scaled to the window's own min..max.
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
  const cells = shown.map((v) => {
    if (Number.isNaN(v)) return glyphs.sparkEmpty;
    if (v === undefined || !Number.isFinite(v)) return glyphs.sparkFail;
    if (max === min) return glyphs.spark[Math.min(levels - 1, 1)]!;
    const level = Math.round(((v - min) / (max - min)) * (levels - 1));
    return glyphs.spark[level]!;
  });
  return glyphs.sparkEmpty.repeat(width - cells.length) + cells.join('');
}

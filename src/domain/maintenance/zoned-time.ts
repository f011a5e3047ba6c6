// Wall-clock times in a named time zone, converted with the platform's own time-zone data
// (Intl): "2026-03-29T02:30" in Europe/Paris is a real instant or, inside a spring-forward gap,
// the first instant after it. No library: Intl is part of the language.

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
/** With Z or an offset: already an instant. */
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Offset of `tz` from UTC at instant `ms`, in ms (Paris in summer: +7_200_000). */
export function zoneOffsetMs(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a written time: with Z/offset as given; otherwise as wall-clock time in `tz`.
 * Undefined when the text is not such a time.
 */
export function parseZonedTime(text: string, tz: string): number | undefined {
  const t = text.trim();
  if (ABSOLUTE.test(t)) {
    const ms = Date.parse(t.replace(' ', 'T'));
    return Number.isNaN(ms) ? undefined : ms;
  }
  const m = LOCAL.exec(t);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  if (new Date(wall).getUTCMonth() !== mo! - 1 || new Date(wall).getUTCDate() !== d!) return undefined;
  // Two passes settle the offset; in a spring-forward gap the wall time does not exist and the
  // instant after the gap is taken (02:30 in Paris on the change day → 03:30 CEST, 01:30 UTC).
  let guess = wall - zoneOffsetMs(wall, tz);
  guess = wall - zoneOffsetMs(guess, tz);
  return guess;
}

/** "Sun 02:00" style label in the zone, for headers. */
export function zonedLabel(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms)).replace(',', '');
}

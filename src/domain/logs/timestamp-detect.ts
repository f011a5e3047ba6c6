// Finds a timestamp at the head of a line: ISO 8601 / RFC 3339 (with T or a space), JSON or
// logfmt `time`/`ts`/`timestamp` fields (ISO or epoch seconds/ms), syslog `Nov 23 18:08:18`,
// klog `I1123 18:08:18.123`. Lines without one return undefined (the caller may inherit).

const HEAD = 200;
const ISO = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?/;
const KEYED_EPOCH = /["']?\b(?:ts|time|timestamp|@timestamp)["']?\s*[:=]\s*(\d{10}(?:\.\d+)?|\d{13})\b/;
const SYSLOG = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/;
const KLOG = /^[IWEF](\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `now` gives the year for formats without one (syslog, klog). */
export function detectTimestamp(line: string, now: number = Date.now()): number | undefined {
  const head = line.length > HEAD ? line.slice(0, HEAD) : line;
  const iso = ISO.exec(head);
  // Only near the start (or in a time field): a date deep inside a message is not the line's time.
  if (iso && (iso.index < 40 || /(?:time|ts|timestamp)["']?\s*[:=]\s*["']?$/i.test(head.slice(Math.max(0, iso.index - 16), iso.index)))) {
    return isoToMs(iso);
  }
  const e = KEYED_EPOCH.exec(head);
  if (e) {
    const v = Number(e[1]);
    return e[1]!.length === 13 ? v : Math.round(v * 1000);
  }
  const year = new Date(now).getUTCFullYear();
  const s = SYSLOG.exec(head);
  if (s) return new Date(year, MONTHS.indexOf(s[1]!), Number(s[2]), Number(s[3]), Number(s[4]), Number(s[5])).getTime();
  const k = KLOG.exec(head);
  if (k) return new Date(year, Number(k[1]) - 1, Number(k[2]), Number(k[3]), Number(k[4]), Number(k[5]), Math.floor(Number(k[6] ?? 0) / 1000)).getTime();
  return undefined;
}

function isoToMs(m: RegExpExecArray): number | undefined {
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t: number;
  if (zone) {
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    if (zone === 'Z') t = utc;
    else {
      const sign = zone[0] === '-' ? -1 : 1;
      const z = zone.slice(1).replace(':', '');
      t = utc - sign * (Number(z.slice(0, 2)) * 60 + Number(z.slice(2, 4))) * 60_000;
    }
  } else {
    t = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms).getTime();
  }
  return Number.isFinite(t) ? t : undefined;
}

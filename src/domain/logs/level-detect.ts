// Finds a line's severity: JSON fields (level, lvl, severity, log.level), logfmt `level=`,
// and the common text forms (`ERROR`, `[warn]`, `<E>`, klog's `W1123 …`). Cheap first: it runs
// on every line at thousands of lines a second, so it looks only at the head of the line.
import { LEVEL_ALIASES, type LogLevel } from './log-line.js';

const HEAD = 200;

// "level":"warn" / "severity": "ERROR" / "lvl":"e" (JSON) and level=warn / lvl="error" (logfmt).
const KEYED = /["']?\b(?:level|lvl|severity|loglevel|log\.level|levelname)["']?\s*[:=]\s*["']?([A-Za-z]+)/i;
// JSON numeric levels (pino/bunyan): 10 trace … 60 fatal.
const PINO = /"level"\s*:\s*(\d{2})\b/;
// klog / glog: I1123 18:08:18.123456 …
const KLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/;
// A standalone level word, optionally bracketed: ERROR, [warn], <E>, level names in upper case.
const WORD = /(?:^|[\s[(<|:])(TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERR(?:OR)?|CRIT(?:ICAL)?|FATAL|PANIC|EMERG|ALERT)(?=$|[\s\]):>|,])/;
const WORD_BRACKETED = /[[<(](trace|debug|info|notice|warn(?:ing)?|err(?:or)?|crit(?:ical)?|fatal|panic|[DIWEF])[\]>)]/i;

export function detectLevel(line: string): LogLevel | undefined {
  const head = line.length > HEAD ? line.slice(0, HEAD) : line;
  const first = head.charCodeAt(0);
  if (first === 123 /* { */) {
    const p = PINO.exec(head);
    if (p) return pinoLevel(Number(p[1]));
  }
  const k = KEYED.exec(head);
  if (k) {
    const lv = LEVEL_ALIASES[k[1]!.toLowerCase()];
    if (lv) return lv;
  }
  const g = KLOG.exec(head);
  if (g) return LEVEL_ALIASES[g[1]!.toLowerCase()];
  const b = WORD_BRACKETED.exec(head);
  if (b) return LEVEL_ALIASES[b[1]!.toLowerCase()];
  const w = WORD.exec(head);
  if (w) return LEVEL_ALIASES[w[1]!.toLowerCase()];
  return undefined;
}

function pinoLevel(n: number): LogLevel {
  if (n >= 60) return 'fatal';
  if (n >= 50) return 'error';
  if (n >= 40) return 'warn';
  if (n >= 30) return 'info';
  if (n >= 20) return 'debug';
  return 'trace';
}

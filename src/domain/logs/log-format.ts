// Lines as text for pipes, files and `--json`. The same formatting serves the headless command
// and the viewer's "save to file", so what an operator saves reads like what `opsdeck logs` prints.
import { terminalSafe } from '../text/terminal-text.js';
import { linePrefix, type LogLine } from './log-line.js';
import { FOREGROUND_SGR } from '../sgr.js';

/**
 * The `--json` record, one per line (the CLI adds `"version": 1` first, cli/json-output.ts):
 * `{"seq":12,"service":"api","source":"api:file:/var/log/api.log","loggedAt":"2026-11-23T18:08:18.100Z"|null,
 *   "level":"trace|debug|info|warn|error|fatal"|null,"stream":"stdout|stderr"|null,"text":"…"}`
 * `loggedAt` is the line's own timestamp (or the engine's, for docker) in UTC, null when none was
 * found; `text` is already masked.
 */
export interface LogJsonRecord {
  seq: number;
  service: string;
  /** The host of a remote source (services on hosts). */
  host?: string;
  source: string;
  loggedAt: string | null;
  level: string | null;
  stream: string | null;
  text: string;
}

export function toJsonRecord(l: LogLine): LogJsonRecord {
  return { seq: l.seq, service: l.service, ...(l.host ? { host: l.host } : {}), source: l.source, loggedAt: l.ts === undefined ? null : new Date(l.ts).toISOString(), level: l.level ?? null, stream: l.stream ?? null, text: l.text };
}

const SGR = { reset: '\x1b[0m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', boldRed: '\x1b[1;31m' };
/** Colours given to service prefixes, in order of first appearance. */
export const PREFIX_COLORS = ['cyan', 'magenta', 'green', 'blue', 'yellow', 'redBright', 'cyanBright', 'magentaBright', 'greenBright', 'blueBright'] as const;
const PREFIX_SGR = PREFIX_COLORS.map((c) => FOREGROUND_SGR[c]!);

export interface PlainFormat {
  /** Width to pad service prefixes to; 0 = no prefix. */
  prefixWidth: number;
  color: boolean;
  /** Colour index per service. */
  colorOf?: (service: string) => number;
}

export function formatPlain(l: LogLine, f: PlainFormat): string {
  let out = '';
  if (f.prefixWidth > 0) {
    const name = linePrefix(l);
    const p = `${terminalSafe(name).padEnd(f.prefixWidth)} | `;
    out = f.color ? `\x1b[${PREFIX_SGR[(f.colorOf?.(name) ?? 0) % PREFIX_SGR.length]}m${p}${SGR.reset}` : p;
  }
  const text = terminalSafe(l.text);
  if (!f.color) return out + text;
  const c = l.level === 'fatal' ? SGR.boldRed : l.level === 'error' ? SGR.red : l.level === 'warn' ? SGR.yellow : l.level === 'debug' || l.level === 'trace' ? SGR.dim : '';
  return out + (c ? c + text + SGR.reset : text);
}

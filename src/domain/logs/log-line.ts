// One complete, masked log line as stored and shown. Immutable once made.

export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LEVELS)[number];

export interface LogLine {
  /** Arrival order across every source of a tailer: the merged view sorts by it. */
  seq: number;
  /** Source id (LogSource.id). */
  source: string;
  service: string;
  /** The host it came from, for services on several hosts (shown as service@host). */
  host?: string;
  /** Masked text, without the line terminator. */
  text: string;
  level?: LogLevel;
  /** Timestamp found in the line (or given by the source), ms since epoch. */
  ts?: number;
  /** When opsdeck received it, ms since epoch. */
  at: number;
  stream?: 'stdout' | 'stderr';
}

/** What the merged view prefixes a line with: the service, and its host when it has one. */
export function linePrefix(line: Pick<LogLine, 'service' | 'host'>): string {
  return line.host ? `${line.service}@${line.host}` : line.service;
}

/** Prefix width for a set of lines' prefixes: 0 when they all share one (nothing to tell apart). */
export function prefixWidthOf(prefixes: Iterable<string>, max = Infinity): number {
  const names = [...new Set(prefixes)];
  return names.length > 1 ? Math.min(max, Math.max(...names.map((n) => n.length))) : 0;
}

export function levelRank(level: LogLevel | undefined): number {
  return level === undefined ? -1 : LEVELS.indexOf(level);
}

/** True when `level` is at or above `min` (lines without a level pass only when there is no minimum). */
export function atLeast(level: LogLevel | undefined, min: LogLevel | undefined): boolean {
  if (min === undefined) return true;
  return levelRank(level) >= levelRank(min);
}

export function isWarnOrError(line: LogLine): boolean {
  return levelRank(line.level) >= levelRank('warn');
}

/** Accepts the usual spellings operators type: warning, err, crit… */
export function parseLevelName(text: string): LogLevel | undefined {
  return LEVEL_ALIASES[text.trim().toLowerCase()];
}

export const LEVEL_ALIASES: Record<string, LogLevel> = {
  trace: 'trace', trc: 'trace', verbose: 'trace', t: 'trace',
  debug: 'debug', dbg: 'debug', d: 'debug',
  info: 'info', inf: 'info', information: 'info', notice: 'info', i: 'info',
  warn: 'warn', warning: 'warn', wrn: 'warn', w: 'warn',
  error: 'error', err: 'error', eror: 'error', e: 'error',
  fatal: 'fatal', crit: 'fatal', critical: 'fatal', alert: 'fatal', emerg: 'fatal', emergency: 'fatal', panic: 'fatal', ftl: 'fatal', f: 'fatal',
};

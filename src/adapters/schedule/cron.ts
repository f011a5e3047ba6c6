// Cron schedules through croner (kept, dependency-free, works on Node 20): the next start of an
// expression in an IANA time zone, DST handled by the library (a start inside a spring-forward
// gap runs at the first instant after it; in a fall-back hour, at its first occurrence).
import { Cron } from 'croner';
import type { CronCompiler } from '../../domain/maintenance/windows.js';

export const compileCron: CronCompiler = (expression, timezone) => {
  // paused: only evaluated, never scheduled (no timer is created).
  const cron = new Cron(expression, { timezone, paused: true, mode: '5-or-6-parts' });
  return { nextAfter: (afterMs) => cron.nextRun(new Date(afterMs))?.getTime() };
};

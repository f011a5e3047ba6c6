// Maintenance windows: when an environment is expected to be down or degraded on purpose.
// From the profile (`cron` + `duration`, or `start` + `end`/`duration`, in a stated time zone,
// for some or all environments) and ad-hoc windows opened with `opsdeck maintenance start`.
// Pure: cron expressions are evaluated by a compiler the caller passes in (adapters/schedule).
import { parseDuration } from '../duration.js';
import { parseZonedTime, validTimeZone } from './zoned-time.js';

export interface CronSchedule {
  /** The first start strictly after `afterMs` (ms since epoch), or undefined when there is none. */
  nextAfter(afterMs: number): number | undefined;
}

/** Compiles `expression` in IANA `timezone`; throws an Error whose message says what is wrong. */
export type CronCompiler = (expression: string, timezone: string) => CronSchedule;

/** A window as written in the profile (profile-schema.ts). */
export interface WindowFile {
  name?: string;
  environments?: string[];
  cron?: string;
  duration?: string | number;
  start?: string;
  end?: string;
  timezone: string;
}

/** A window opened by hand, from the state dir. */
export interface AdHocWindow {
  environment: string;
  startMs: number;
  endMs: number;
  reason: string;
  by: string;
}

export interface WindowOccurrence {
  name: string;
  startMs: number;
  endMs: number;
  timezone: string;
  reason?: string;
  by?: string;
  adHoc?: boolean;
}

export interface WindowState {
  active?: WindowOccurrence;
  next?: WindowOccurrence;
}

const label = (w: WindowFile, i: number) => w.name ?? (w.cron ? `window ${i + 1} (${w.cron})` : `window ${i + 1}`);

/** Problems of one window, by path inside it; `compile` checks the cron expression. */
export function windowProblems(w: WindowFile, compile?: CronCompiler): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  if (!validTimeZone(w.timezone)) out.push({ path: ['timezone'], message: `unknown time zone "${w.timezone}" (an IANA name such as UTC, Europe/Paris, America/New_York)` });
  if ((w.cron === undefined) === (w.start === undefined)) out.push({ path: [], message: 'a window needs exactly one of cron (with duration) or start (with end or duration)' });
  if (w.cron !== undefined) {
    if (w.duration === undefined) out.push({ path: ['cron'], message: 'a cron window needs a duration (e.g. duration: 2h)' });
    if (w.end !== undefined) out.push({ path: ['end'], message: 'a cron window repeats: give a duration, not an end' });
    if (compile && validTimeZone(w.timezone)) {
      try {
        compile(w.cron, w.timezone);
      } catch (e) {
        out.push({ path: ['cron'], message: `invalid cron expression "${w.cron}": ${(e as Error).message.replace(/^CronPattern: /, '')}` });
      }
    }
  }
  if (w.start !== undefined && validTimeZone(w.timezone)) {
    const start = parseZonedTime(w.start, w.timezone);
    if (start === undefined) out.push({ path: ['start'], message: `"${w.start}" is not a time (write 2026-12-05T22:00, local to the window's timezone, or with Z/an offset)` });
    if (w.end === undefined && w.duration === undefined) out.push({ path: ['start'], message: 'a window with a start needs an end or a duration' });
    if (w.end !== undefined && w.duration !== undefined) out.push({ path: ['end'], message: 'give an end or a duration, not both' });
    if (w.end !== undefined) {
      const end = parseZonedTime(w.end, w.timezone);
      if (end === undefined) out.push({ path: ['end'], message: `"${w.end}" is not a time (write 2026-12-06T01:00)` });
      else if (start !== undefined && end <= start) out.push({ path: ['end'], message: 'the window ends before it starts' });
    }
  }
  return out;
}

function occurrences(w: WindowFile, i: number, compile: CronCompiler, now: number): WindowOccurrence[] {
  const name = label(w, i);
  const durationMs = w.duration === undefined ? undefined : parseDuration(w.duration);
  if (w.cron !== undefined) {
    if (durationMs === undefined) return [];
    const schedule = compile(w.cron, w.timezone);
    const out: WindowOccurrence[] = [];
    // The start that makes it active now is the first one after (now − duration).
    const current = schedule.nextAfter(now - durationMs);
    if (current !== undefined && current <= now) out.push({ name, startMs: current, endMs: current + durationMs, timezone: w.timezone });
    const next = schedule.nextAfter(now);
    if (next !== undefined) out.push({ name, startMs: next, endMs: next + durationMs, timezone: w.timezone });
    return out;
  }
  const start = w.start === undefined ? undefined : parseZonedTime(w.start, w.timezone);
  if (start === undefined) return [];
  const end = w.end !== undefined ? parseZonedTime(w.end, w.timezone) : durationMs !== undefined ? start + durationMs : undefined;
  return end === undefined || end <= now ? [] : [{ name, startMs: start, endMs: end, timezone: w.timezone }];
}

/** The window active at `now` in `environment` (the one ending last), and the next one to start. */
export function windowState(windows: readonly WindowFile[], adHoc: readonly AdHocWindow[], environment: string, now: number, compile: CronCompiler): WindowState {
  const all: WindowOccurrence[] = [];
  windows.forEach((w, i) => {
    if (w.environments && !w.environments.includes(environment)) return;
    try {
      all.push(...occurrences(w, i, compile, now));
    } catch {
      /* an invalid window was reported at load time */
    }
  });
  for (const a of adHoc) if (a.environment === environment && a.endMs > now) all.push({ name: 'ad-hoc', startMs: a.startMs, endMs: a.endMs, timezone: 'UTC', reason: a.reason, by: a.by, adHoc: true });
  const active = all.filter((o) => o.startMs <= now && o.endMs > now).sort((a, b) => b.endMs - a.endMs)[0];
  const next = all.filter((o) => o.startMs > now).sort((a, b) => a.startMs - b.startMs)[0];
  return { ...(active ? { active } : {}), ...(next ? { next } : {}) };
}

/** Every window of a profile, checked (cron with `compile`), by path from the profile's root. */
export function maintenanceProblems(file: { environments: Record<string, unknown>; maintenance_windows?: WindowFile[] }, compile?: CronCompiler): { path: (string | number)[]; message: string }[] {
  const envs = Object.keys(file.environments);
  return (file.maintenance_windows ?? []).flatMap((w, i) => [
    ...windowProblems(w, compile).map((p) => ({ ...p, path: ['maintenance_windows', i, ...p.path] })),
    ...(w.environments ?? []).flatMap((e, j) => (envs.includes(e) ? [] : [{ path: ['maintenance_windows', i, 'environments', j], message: `environment "${e}" is not in this profile (${envs.join(', ')})` }])),
  ]);
}

// Maintenance windows of a profile's environment right now: the profile's (cron or one-off)
// and the ad-hoc ones opened on this host; opening an ad-hoc one (audited); and the rule of
// `require_window` runbooks. The clock is injected.
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import { UsageError } from '../../domain/errors.js';
import { formatDuration } from '../../domain/duration.js';
import { windowState, type WindowState, type WindowFile } from '../../domain/maintenance/windows.js';
import { zonedLabel } from '../../domain/maintenance/zoned-time.js';
export { windowText } from '../../domain/maintenance/window-text.js';
import { compileCron } from '../../adapters/schedule/cron.js';
import { appendAdHocWindow, MAX_AD_HOC_WINDOW_MS, readOpenAdHocWindows } from '../../adapters/fs/maintenance-store.js';
import { AuditLog } from '../../adapters/fs/audit-log.js';
import { currentOperator } from '../../adapters/system/process-identity.js';
import { createRedactor, secretValuesFrom } from '../../domain/text/redaction.js';

export interface MaintenanceOptions {
  profile: Profile;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export function maintenanceState(o: MaintenanceOptions, environment: string): WindowState {
  const now = (o.now ?? Date.now)();
  let adHoc: ReturnType<typeof readOpenAdHocWindows> = [];
  try {
    adHoc = readOpenAdHocWindows(now, o.env).filter((r) => r.profile === o.profile.name);
  } catch {
    /* unreadable: the profile's windows still count */
  }
  return windowState(o.profile.maintenanceWindows as WindowFile[], adHoc, environment, now, compileCron);
}

/** Opens a window now for `durationMs`; written to the state dir and the audit log. */
export function startAdHocWindow(o: MaintenanceOptions, environment: Environment, durationMs: number, reason: string): { startMs: number; endMs: number } {
  if (!reason.trim()) throw new UsageError('maintenance start: say why (--reason "…"): it is recorded in the audit log');
  if (durationMs <= 0 || durationMs > MAX_AD_HOC_WINDOW_MS) throw new UsageError('maintenance start: --for must be between 1s and 7d');
  const env = o.env ?? process.env;
  const who = currentOperator(env);
  const startMs = (o.now ?? Date.now)();
  const endMs = startMs + durationMs;
  const masked = createRedactor(secretValuesFrom(o.profile.secrets, env)).redact(reason.trim());
  appendAdHocWindow({ profile: o.profile.name, environment: environment.name, startMs, endMs, reason: masked, by: `${who.user}@${who.host}` }, env);
  new AuditLog({ env }).append({ action: 'maintenance.start', profile: o.profile.name, environment: environment.name, outcome: 'opened', detail: `until ${new Date(endMs).toISOString()} (${formatDuration(durationMs)}): ${masked}` });
  return { startMs, endMs };
}

export interface WindowRule {
  /** Outside a window in a protected environment: why it may not run (and when it could). */
  refuse?: string;
  /** Outside a window elsewhere: it runs, and says so. */
  warn?: string;
  /** Inside a window: which one, and how long it has left. */
  inside?: string;
}

/** What a `require_window` runbook may do now: run (inside which window), run with a warning, or be refused. */
export function windowRule(state: WindowState, environment: Environment, runbook: string, now: number = Date.now()): WindowRule {
  if (state.active) {
    const a = state.active;
    return { inside: `inside maintenance window ${a.name}${a.adHoc ? ` opened by ${a.by ?? '?'}${a.reason ? ` (${a.reason})` : ''}` : ''}: ${formatDuration(Math.max(0, a.endMs - now))} left, until ${zonedLabel(a.endMs, a.timezone)} ${a.timezone}` };
  }
  const next = state.next ? `; the next one is ${state.next.name} at ${new Date(state.next.startMs).toISOString()} (${zonedLabel(state.next.startMs, state.next.timezone)} ${state.next.timezone})` : '; no window is scheduled';
  const open = `open one with: opsdeck maintenance start --env ${environment.name} --for 30m --reason "…"`;
  if (environment.protected) return { refuse: `runbook ${runbook} requires a maintenance window and ${environment.name} is not in one${next} (${open})` };
  return { warn: `runbook ${runbook} requires a maintenance window; ${environment.name} is not in one${next} — running anyway (not protected)` };
}

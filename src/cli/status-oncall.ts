// What `status` adds for the person on call: for each service that is not healthy, the
// runbooks that match it (its unhealthy trigger fired, or it is about that service), in JSON
// and as lines under the table.
import type { ProfileContext } from './command-context.js';
import type { StatusJson } from '../domain/health/status-report.js';
import { loadRunbooks } from '../adapters/fs/runbook-loader.js';
import { matchRunbooks } from '../domain/runbook/triggers.js';
import { runbookEnvironments, type Runbook } from '../domain/runbook/runbook-model.js';
import { maintenanceState } from '../services/maintenance/maintenance-desk.js';
import type { WindowState } from '../domain/maintenance/windows.js';
import { isoAt } from './json-output.js';
import { drReport } from '../services/runs/dr-readiness.js';
import { drJson, drLine } from '../domain/runbook/dr-text.js';
import type { DrFigures } from '../domain/runbook/dr-readiness.js';

export type OnCallService = StatusJson['services'][number] & { runbooks: string[]; inMaintenance: boolean };
interface WindowJson { name: string; startAt: string | null; endAt: string | null; timezone: string; adHoc: boolean; reason: string | null }
export type OnCallStatus = Omit<StatusJson, 'services'> & {
  services: OnCallService[];
  /** The environment is in a maintenance window: services not healthy are "in maintenance". */
  inMaintenance: boolean;
  maintenance: { active: WindowJson | null; next: WindowJson | null };
  /** Disaster-recovery readiness against rpo/rto (environment, and services that declare their own). */
  dr: { environment: ReturnType<typeof drJson>; services: ReturnType<typeof drJson>[] };
};

/** Exit 0 when every service is healthy, or the environment is in a maintenance window. */
export function statusOk(r: OnCallStatus): boolean {
  return r.healthy || r.inMaintenance;
}

export function withOnCall(ctx: ProfileContext, report: StatusJson): OnCallStatus {
  let runbooks: Runbook[] = [];
  try {
    const envs = Object.keys(ctx.profile.environments);
    runbooks = loadRunbooks(ctx.ops.root, ctx.profile).flatMap((r) => (r.runbook && runbookEnvironments(r.runbook, envs).includes(ctx.environment.name) ? [r.runbook] : []));
  } catch {
    /* no runbooks folder, or unreadable: status still answers */
  }
  const health = Object.fromEntries(report.services.map((s) => [s.name, s.state]));
  let windows: WindowState = {};
  try {
    windows = maintenanceState({ profile: ctx.profile }, ctx.environment.name);
  } catch {
    /* reported at load time */
  }
  const occ = (o: WindowState['active']): WindowJson | null => (o ? { name: o.name, startAt: isoAt(o.startMs), endAt: isoAt(o.endMs), timezone: o.timezone, adHoc: !!o.adHoc, reason: o.reason ?? null } : null);
  const inMaintenance = !!windows.active;
  const dr = drReport(ctx.ops.root, ctx.profile, ctx.environment);
  return {
    ...report,
    services: report.services.map((s) => ({
      ...s,
      runbooks: s.state === 'healthy' ? [] : matchRunbooks(runbooks, { services: [s.name], health }).map((m) => m.runbook.name),
      inMaintenance: inMaintenance && s.state !== 'healthy',
    })),
    inMaintenance,
    maintenance: { active: occ(windows.active), next: occ(windows.next) },
    dr: { environment: drJson(dr.environment), services: dr.services.map(drJson) },
  };
}

/** "api: runbook incident-triage (opsdeck run incident-triage --env local)" per failing service. */
export function onCallLines(r: OnCallStatus): string[] {
  const m = r.maintenance.active;
  const drLines = [r.dr.environment, ...r.dr.services].map(fromJson).map(drLine).filter((l): l is string => !!l);
  const head = m ? [`in maintenance: ${m.name} until ${m.endAt}${m.reason ? ` (${m.reason})` : ''}; services not healthy are expected to be`] : [];
  return [...head, ...drLines, ...r.services.filter((s) => s.runbooks.length).map((s) => `${s.name}: runbook ${s.runbooks.join(', ')} (opsdeck run ${s.runbooks[0]} --env ${r.environment})`)];
}

const un = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
function fromJson(j: ReturnType<typeof drJson>): DrFigures {
  return { scope: j.scope, rpoMs: un(j.rpoMs), rtoMs: un(j.rtoMs), backupAgeMs: un(j.backupAgeMs), backupWithinRpo: un(j.backupWithinRpo), restoreAgeMs: un(j.restoreAgeMs), restoreDurationMs: un(j.restoreDurationMs), restoreWithinRto: un(j.restoreWithinRto) };
}

// What `status` adds for the person on call: for each service that is not healthy, the
// runbooks that match it (its unhealthy trigger fired, or it is about that service), in JSON
// and as lines under the table.
import type { ProfileContext } from './command-context.js';
import type { StatusJson } from '../domain/health/status-report.js';
import { loadRunbooks } from '../adapters/fs/runbook-loader.js';
import { matchRunbooks } from '../domain/runbook/triggers.js';
import { runbookEnvironments, type Runbook } from '../domain/runbook/runbook-model.js';

export type OnCallService = StatusJson['services'][number] & { runbooks: string[] };
export type OnCallStatus = Omit<StatusJson, 'services'> & { services: OnCallService[] };

export function withOnCall(ctx: ProfileContext, report: StatusJson): OnCallStatus {
  let runbooks: Runbook[] = [];
  try {
    const envs = Object.keys(ctx.profile.environments);
    runbooks = loadRunbooks(ctx.ops.root, ctx.profile).flatMap((r) => (r.runbook && runbookEnvironments(r.runbook, envs).includes(ctx.environment.name) ? [r.runbook] : []));
  } catch {
    /* no runbooks folder, or unreadable: status still answers */
  }
  const health = Object.fromEntries(report.services.map((s) => [s.name, s.state]));
  return {
    ...report,
    services: report.services.map((s) => ({
      ...s,
      runbooks: s.state === 'healthy' ? [] : matchRunbooks(runbooks, { services: [s.name], health }).map((m) => m.runbook.name),
    })),
  };
}

/** "api: runbook incident-triage (opsdeck run incident-triage --env local)" per failing service. */
export function onCallLines(r: OnCallStatus): string[] {
  return r.services.filter((s) => s.runbooks.length).map((s) => `${s.name}: runbook ${s.runbooks.join(', ')} (opsdeck run ${s.runbooks[0]} --env ${r.environment})`);
}

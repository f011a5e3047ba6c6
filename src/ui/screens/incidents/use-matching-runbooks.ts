// The runbooks that match some services and their live state (triggers.ts): fired first (an
// unhealthy trigger since the service went bad, a log trigger since its line), then the ones
// about the services, then (for incidents) the generic incident runbooks.
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import { matchRunbooks, type RunbookMatch } from '../../../domain/runbook/triggers.js';
import { dryRunOnlyReason } from '../../../domain/runbook/plan.js';
import type { HealthSample } from '../../../state/health-store.js';
import { runbookTitle } from '../../presentation/runbook-text.js';
import { useReadEffect } from '../../use-read-effect.js';
import { useSameList } from '../../use-same.js';

const BAD = new Set(['unhealthy', 'stopped']);

/** Since when the service has been unhealthy or stopped, from its recent samples. */
export function badSince(samples: readonly HealthSample[] | undefined): number | undefined {
  if (!samples?.length || !BAD.has(samples[samples.length - 1]!.state)) return undefined;
  let i = samples.length - 1;
  while (i > 0 && BAD.has(samples[i - 1]!.state)) i--;
  return samples[i]!.at;
}

export function useMatchingRunbooks(session: ConsoleSession, services: readonly string[], options: { includeIncidentKind?: boolean; active?: boolean } = {}): RunbookMatch[] {
  const states = useStore(session.health, (s) => services.map((n) => `${n}=${s.services[n]?.state ?? ''}`).join(','));
  const fired = useStore(session.triggers.store, (s) => s.version);
  const environment = useStore(session.health, (s) => s.environment);
  const access = useStore(session.access, (s) => `${s.readonly}/${s.escalated}`);
  // Matched again when their health, a trigger, the environment, read-only mode or the screen's activity changes.
  const same = useSameList(services);
  const includeIncidentKind = options.includeIncidentKind;
  return useReadEffect(() => matchesFor(session, same, includeIncidentKind), [session, same, includeIncidentKind, states, fired, environment, access, options.active]);
}

/** The same, read once (a key handler). */
export function matchesFor(session: ConsoleSession, services: readonly string[], includeIncidentKind = false): RunbookMatch[] {
  const h = session.health.getState();
  // Read-only: a runbook that changes things is offered too; its plan starts only its dry run.
  const runbooks = session.runbooks.list().flatMap((r) => (r.runbook ? [r.runbook] : []));
  return matchRunbooks(
    runbooks,
    {
      services,
      health: Object.fromEntries(Object.entries(h.services).map(([k, v]) => [k, v.state])),
      badSince: Object.fromEntries(services.map((n) => [n, badSince(h.history[n])])),
      logHits: session.triggers.hits(),
    },
    { includeIncidentKind },
  );
}

/** How a matched runbook's title is shown: marked when only its dry run may start (read-only mode). */
export function matchTitle(session: ConsoleSession, m: RunbookMatch): string {
  return runbookTitle(m.runbook.title, !!dryRunOnlyReason(m.runbook, session.currentEnvironment(), session.access.getState()));
}

// Start, stop and restart services in dependency order (stop in reverse), waiting for health
// after each start. A failed start stops the sequence: nothing that comes after it is started.
// Providers are reached through ServiceController; health through an injected waitHealthy.
import { UsageError, errorMessage } from '../../domain/errors.js';
import type { Profile, Service } from '../../domain/profile/profile-model.js';
import { startOrder, stopOrder } from '../../domain/profile/dependency-graph.js';
import { unknownNameMessage } from '../../domain/did-you-mean.js';
import type { LifecycleAction, LifecycleEvent, LifecycleOutcome, LifecycleResult } from '../../domain/lifecycle/lifecycle-events.js';
import type { InstanceActionReport, ServiceController } from '../../ports/service-controller.js';
import { InstancesActionError } from '../../domain/fleet/instance-actions.js';
import { waitForHealth, type WaitHealthy } from './lifecycle-health.js';

export type { LifecycleAction, LifecycleEvent, LifecycleOutcome, LifecycleResult } from '../../domain/lifecycle/lifecycle-events.js';
export { monitorWaitHealthy, type HealthWaiter, type WaitHealthy, type WaitHealthyResult } from './lifecycle-health.js';

export interface LifecycleOptions {
  profile: Profile;
  /** The provider's controller; undefined for services opsdeck does not manage (external). */
  controllerFor: (service: Service) => ServiceController | undefined;
  waitHealthy: WaitHealthy;
  onEvent?: (event: LifecycleEvent) => void;
  signal?: AbortSignal;
  /** start/restart also start the named services' dependencies (default true). */
  withDependencies?: boolean;
  /** How often to look for a process that died while we wait for its health (default 500ms). */
  exitPollMs?: number;
}

export type Target = readonly string[] | 'all';

const DEFAULT_START_TIMEOUT_MS = 30_000;

/** The names, checked against the profile: unknown ones are a UsageError with a suggestion. */
export function resolveTargets(profile: Profile, names: readonly string[]): string[] {
  const known = Object.keys(profile.services);
  for (const n of names) {
    if (!(n in profile.services)) {
      throw new UsageError(unknownNameMessage({ kind: 'service', name: n, where: `profile ${profile.name}`, candidates: known, listLabel: 'services' }));
    }
  }
  return [...new Set(names)];
}

export async function runLifecycleAction(action: LifecycleAction, target: Target, options: LifecycleOptions): Promise<LifecycleResult> {
  if (action === 'start') return startServices(target, options);
  if (action === 'stop') return stopServices(target, options);
  return restartServices(target, options);
}

function dependencyMap(profile: Profile): Record<string, string[]> {
  return Object.fromEntries(Object.values(profile.services).map((s) => [s.name, s.dependsOn]));
}

export async function startServices(target: Target, o: LifecycleOptions): Promise<LifecycleResult> {
  const named = target === 'all' ? Object.keys(o.profile.services) : resolveTargets(o.profile, target);
  const order = startOrder(dependencyMap(o.profile), named, target !== 'all' && (o.withDependencies ?? true));
  const outcomes: LifecycleOutcome[] = [];
  const emit = (e: LifecycleEvent): void => o.onEvent?.(e);
  let blocker: string | undefined;
  for (const name of order) {
    const service = o.profile.services[name]!;
    if (blocker || o.signal?.aborted) {
      const reason = blocker ? `not started because ${blocker} did not start` : 'aborted';
      emit({ kind: 'skipped', service: name, reason });
      outcomes.push({ service: name, outcome: 'skipped', message: reason });
      continue;
    }
    const outcome = await startOne(service, target !== 'all' && named.includes(name), !named.includes(name), o, emit);
    outcomes.push(outcome);
    if (outcome.outcome === 'failed') blocker = name;
  }
  return { action: 'start', ok: outcomes.every((x) => x.outcome !== 'failed' && x.outcome !== 'skipped'), outcomes };
}

async function startOne(service: Service, explicit: boolean, dependency: boolean, o: LifecycleOptions, emit: (e: LifecycleEvent) => void): Promise<LifecycleOutcome> {
  const name = service.name;
  const ctl = o.controllerFor(service);
  if (!ctl) {
    emit({ kind: 'not-managed', service: name, provider: service.provider.kind });
    // Asked for by name, it is a failure to report; under --all or as a dependency, a note.
    return explicit
      ? { service: name, outcome: 'failed', message: `${name} is not managed by opsdeck (${service.provider.kind}): it cannot be started from here` }
      : { service: name, outcome: 'not-managed' };
  }
  const t0 = Date.now();
  let instances: InstanceActionReport[] | undefined;
  const fail = (message: string, check?: string, logFile?: string): LifecycleOutcome => {
    emit({ kind: 'failed', service: name, action: 'start', message, check, logFile });
    return { service: name, outcome: 'failed', message, check, ...(instances ? { instances } : {}) };
  };
  let already: boolean;
  try {
    already = await runningEverywhere(ctl, service);
    if (already) emit({ kind: 'already-running', service: name });
    else {
      emit({ kind: 'starting', service: name, dependency });
      instances = (await ctl.start(service, o.signal)) ?? undefined;
    }
  } catch (e) {
    if (e instanceof InstancesActionError) instances = e.reports;
    return fail(errorMessage(e), undefined, (await ctl.status?.(service).catch(() => undefined))?.logFile);
  }
  const timeoutMs = service.provider.kind === 'process' ? service.provider.startTimeoutMs : DEFAULT_START_TIMEOUT_MS;
  const health = await waitForHealth(service, ctl, timeoutMs, { waitHealthy: o.waitHealthy, onEvent: o.onEvent, signal: o.signal, exitPollMs: o.exitPollMs });
  if (!health.healthy) {
    const logFile = (await ctl.status?.(service).catch(() => undefined))?.logFile;
    return fail(health.message, health.check, logFile);
  }
  emit({ kind: 'healthy', service: name, ms: Date.now() - t0, unchecked: service.health.length === 0 });
  return { service: name, outcome: already ? 'already-running' : 'started', ms: Date.now() - t0, ...(instances ? { instances } : {}) };
}

/** Runs on every instance (a provider with instances is asked for each: one host down is not "already running"). */
async function runningEverywhere(ctl: ServiceController, service: Service): Promise<boolean> {
  if (!ctl.instances) return (await ctl.runState(service)) === 'running';
  const all = await ctl.instances(service);
  return all.length > 0 && all.every((i) => i.run === 'running');
}

export async function stopServices(target: Target, o: LifecycleOptions): Promise<LifecycleResult> {
  const named = target === 'all' ? Object.keys(o.profile.services) : resolveTargets(o.profile, target);
  const order = stopOrder(dependencyMap(o.profile), named);
  const outcomes: LifecycleOutcome[] = [];
  const emit = (e: LifecycleEvent): void => o.onEvent?.(e);
  for (const name of order) {
    const service = o.profile.services[name]!;
    const ctl = o.controllerFor(service);
    if (!ctl) {
      emit({ kind: 'not-managed', service: name, provider: service.provider.kind });
      outcomes.push(target === 'all' ? { service: name, outcome: 'not-managed' } : { service: name, outcome: 'failed', message: `${name} is not managed by opsdeck (${service.provider.kind}): it cannot be stopped from here` });
      continue;
    }
    // Stopping goes on past a failure: leaving the rest running would be worse.
    const t0 = Date.now();
    try {
      if ((await ctl.runState(service)) === 'stopped') {
        emit({ kind: 'already-stopped', service: name });
        outcomes.push({ service: name, outcome: 'already-stopped' });
        continue;
      }
      emit({ kind: 'stopping', service: name });
      const instances = (await ctl.stop(service, o.signal)) ?? undefined;
      emit({ kind: 'stopped', service: name, ms: Date.now() - t0 });
      outcomes.push({ service: name, outcome: 'stopped', ms: Date.now() - t0, ...(instances ? { instances } : {}) });
    } catch (e) {
      emit({ kind: 'failed', service: name, action: 'stop', message: errorMessage(e) });
      outcomes.push({ service: name, outcome: 'failed', message: errorMessage(e), ...(e instanceof InstancesActionError ? { instances: e.reports } : {}) });
    }
  }
  return { action: 'stop', ok: outcomes.every((x) => x.outcome !== 'failed'), outcomes };
}

/** Stops the targets (dependants first), then starts them again in dependency order. */
export async function restartServices(target: Target, o: LifecycleOptions): Promise<LifecycleResult> {
  const stopped = await stopServices(target, o);
  // A host that failed does not hold back the others: a service stopped on some of its hosts is
  // started again there (and its failing host fails again, by name).
  const partly = (x: LifecycleOutcome): boolean => x.outcome === 'failed' && (x.instances?.some((i) => i.outcome !== 'failed') ?? false);
  if (!stopped.ok && !stopped.outcomes.every((x) => x.outcome !== 'failed' || partly(x))) return { action: 'restart', ok: false, outcomes: stopped.outcomes };
  const started = await startServices(target, o);
  return { action: 'restart', ok: started.ok, outcomes: [...stopped.outcomes, ...started.outcomes] };
}

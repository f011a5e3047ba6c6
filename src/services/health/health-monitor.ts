// Live health of one profile + environment. Every check runs on its own interval under a shared
// concurrency limit, so a hung endpoint only ever holds its own slot; a check whose previous run
// is still in flight skips its turn. Results and run states (from the injected controllers)
// become ServiceHealth with dependency hints, written to the health store in ~100 ms batches.
import type { Environment, Profile, Service } from '../../domain/profile/profile-model.js';
import type { CheckResult, RunState, ServiceHealth } from '../../domain/health/health-model.js';
import { serviceHealthOf, updatedServiceHealth } from '../../domain/health/service-health.js';
import { checkScopes, expandCheck, type ExpandedCheck } from '../../domain/health/expand-check.js';
import { failed } from '../../domain/health/check-result.js';
import { errorMessage, UsageError } from '../../domain/errors.js';
import type { HealthProber } from '../../ports/health-prober.js';
import type { Redactor } from '../../domain/text/redaction.js';
import type { ProviderObservation, ServiceController } from '../../ports/service-controller.js';
import type { ServiceInstance } from '../../domain/fleet/service-instance.js';
import { createHealthStore, type HealthStore } from '../../state/health-store.js';
import { placeChecks } from '../../domain/fleet/place-checks.js';
import { Semaphore } from './semaphore.js';
import { waitHealthy } from './wait-healthy.js';

const PHASE_STEP_MS = 100;
/** First round: at least this many checks start together, each 100 ms step (see firstRoundBatch). */
const FIRST_ROUND_BATCH = 20;

/**
 * How many checks start per 100 ms step in the first round, which runs them in declaration order
 * (the rows on screen first) and is over within half the shortest interval, before the phased
 * runs begin. All at once, a 1,000-check profile sent 1,000 requests in the second after start
 * (tasks of 40-110 ms, then one flush of every service): keys pressed then waited on them.
 */
export function firstRoundBatch(checks: number, shortestIntervalMs: number): number {
  const steps = Math.max(1, Math.floor(shortestIntervalMs / 2 / PHASE_STEP_MS));
  return Math.max(FIRST_ROUND_BATCH, Math.ceil(checks / steps));
}

export type ServiceControllers = Partial<Record<'process' | 'docker', ServiceController>>;

export interface HealthMonitorOptions {
  profile: Profile;
  environment: Environment;
  prober: HealthProber & { close?(): void };
  /** Run state providers by service kind; a service without one has run state 'unknown'. */
  controllers?: ServiceControllers;
  /** @default a new store */
  store?: HealthStore;
  /** Checks started and not yet answered at once. @default 64 */
  concurrency?: number;
  /**
   * A check still running after this long gives its concurrency slot back and keeps waiting:
   * hung endpoints then never hold up the queue, and what runs stays bounded by the number of
   * checks (a check never overlaps itself). @default 250
   */
  slotLeaseMs?: number;
  /** Store writes are batched this long. @default 100 ms, or 1 ms per check when there are more than 100 */
  flushMs?: number;
  /** How often controllers are asked for run states while started. @default 2000 */
  runStateIntervalMs?: number;
  /** A controller slower than this to answer counts as 'unknown'. @default 2000 */
  runStateTimeoutMs?: number;
  /** Masks check errors before they are stored (a service may echo a secret). @default none */
  redactor?: Redactor;
  /** Close the prober's sockets on stop(). @default true */
  closeProber?: boolean;
  /** Told every health snapshot this monitor produces (e.g. to record changes in an open incident). */
  onSnapshot?: (services: Readonly<Record<string, ServiceHealth>>, at: number) => void;
}

interface Slot {
  service: string;
  index: number;
  check: ExpandedCheck;
  inFlight?: Promise<CheckResult>;
}

export class HealthMonitor {
  readonly store: HealthStore;
  private readonly services: Service[];
  private readonly slots = new Map<string, Slot[]>();
  private readonly results = new Map<string, (CheckResult | undefined)[]>();
  private readonly runs = new Map<string, RunState>();
  /** Instances by service, from providers that report them (Docker: one per host or replica). */
  private readonly instances = new Map<string, ServiceInstance[]>();
  /** Per service: looks at the provider started, and the latest one whose answer was applied. */
  private readonly looks = new Map<string, number>();
  private readonly applied = new Map<string, number>();
  private readonly semaphore: Semaphore;
  /** One controller per check in flight: stop() aborts them all (one shared signal with a
   * thousand listeners would make every removal a linear scan). */
  private readonly inFlight = new Set<AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private flushTimer?: NodeJS.Timeout;
  private runStatesInFlight?: Promise<void>;
  private readonly watching = new AbortController();
  private readonly changed = new Set<string>();
  /** Services whose results or run state changed since the last flush, and what that flush gave. */
  private readonly dirty = new Set<string>();
  private current: Record<string, ServiceHealth> = {};
  private changedTimer?: NodeJS.Timeout;
  private started = false;
  /**
   * 100 ms, or 1 ms per check past 100: with checks spread over their intervals results arrive
   * all the time, and a flush costs the store a copy of every service's entry, so a 1,000-check
   * profile flushes once a second (what changes still shows within a second), not ten times.
   */
  private readonly defaultFlushMs: number;
  private disposed = false;

  constructor(private readonly options: HealthMonitorOptions) {
    // Command checks of services on hosts: one per host (see place-checks.ts).
    this.services = Object.values(options.profile.services).map((s) => placeChecks(s, options.environment));
    this.semaphore = new Semaphore(options.concurrency ?? 64);
    this.store = options.store ?? createHealthStore(options.environment.name);
    const scopes = checkScopes(options.environment);
    for (const s of this.services) {
      this.slots.set(s.name, s.health.map((c, index) => ({ service: s.name, index, check: expandCheck(c, scopes) })));
      // One extra result slot when the provider has its own check (see refreshRunState).
      const extra = this.controllerOf(s)?.providerCheck || this.controllerOf(s)?.observe ? 1 : 0;
      this.results.set(s.name, [...s.health.map(() => undefined), ...Array.from({ length: extra }, () => undefined)]);
      this.runs.set(s.name, 'unknown');
    }
    this.defaultFlushMs = Math.max(100, [...this.slots.values()].reduce((n, s) => n + s.length, 0));
    this.current = this.snapshot();
    this.store.getState().reset(options.environment.name, this.current);
  }

  get environment(): Environment {
    return this.options.environment;
  }

  /**
   * Starts every check on its own interval (first run now, or in the first round's later steps
   * past FIRST_ROUND_BATCH checks: firstRoundBatch) and the run-state polling. After the
   * first run each check keeps its own phase, spread evenly over its interval: the next run of
   * check k of n comes after (0.5 + k/n) intervals, to the nearest 100 ms. Started in step, a 1,000-service profile
   * sent its 1,000 requests in one task every interval (150-220 ms of event loop at 5 s,
   * `npm run bench -- home-keys`), and every key pressed meanwhile waited for it.
   */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    const all = [...this.slots.values()].flat();
    const batch = firstRoundBatch(all.length, all.reduce((ms, s) => Math.min(ms, s.check.check.intervalMs), Infinity));
    for (let from = 0; from < all.length; from += batch) {
      const slots = all.slice(from, from + batch);
      if (from === 0) slots.forEach((slot) => void this.runSlot(slot));
      else this.once((from / batch) * PHASE_STEP_MS, () => slots.forEach((slot) => void this.runSlot(slot)));
    }
    all.forEach((slot, k) => {
      const interval = slot.check.check.intervalMs;
      // Phases on a 100 ms grid: checks sharing one wake a single timer tick together (a timer
      // per check, each on its own, cost more than the bursts they replace).
      this.every(interval, () => void this.runSlot(slot), Math.round((interval * (0.5 + k / all.length)) / PHASE_STEP_MS) * PHASE_STEP_MS);
    });
    void this.refreshRunStates();
    this.every(this.options.runStateIntervalMs ?? 2000, () => void this.refreshRunStates());
    this.watchControllers();
  }

  /** Controllers that push changes (Docker engine events) refresh their services within ~50 ms. */
  private watchControllers(): void {
    for (const kind of ['process', 'docker'] as const) {
      const controller = this.options.controllers?.[kind];
      const services = this.services.filter((s) => s.provider.kind === kind);
      if (!controller?.watch || services.length === 0) continue;
      controller.watch(services, { changed: (names) => this.providerChanged(names), notice: (text) => !this.disposed && this.store.getState().setNotice(kind, text) }, this.watching.signal);
    }
  }

  private providerChanged(names: readonly string[]): void {
    if (this.disposed) return;
    for (const n of names) this.changed.add(n);
    // Events come in bursts (kill → die → stop): one refresh for the burst.
    this.changedTimer ??= setTimeout(() => {
      this.changedTimer = undefined;
      const due = this.services.filter((s) => this.changed.has(s.name));
      this.changed.clear();
      for (const s of due) void this.refreshRunState(s);
    }, 50);
  }

  /** Stops for good: timers cleared, checks in flight cancelled, sockets closed. */
  async stop(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.watching.abort();
    clearTimeout(this.changedTimer);
    for (const t of this.timers) clearTimeout(t); // a Timeout of either kind
    this.timers.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const ac of this.inFlight) ac.abort();
    const inFlight = [...this.slots.values()].flat().map((s) => s.inFlight);
    await Promise.allSettled([...inFlight, this.runStatesInFlight]);
    if (this.options.closeProber !== false) this.options.prober.close?.();
  }

  /** Every check once, concurrently (joining runs already in flight); the resulting health. */
  async runOnce(): Promise<Record<string, ServiceHealth>> {
    await Promise.all([...this.slowestFirst().map((s) => this.runSlot(s)), this.refreshRunStates()]);
    return this.flushNow();
  }

  /** Re-checks one service now (e.g. after an action); resolves with its fresh health. */
  async recheck(name: string): Promise<ServiceHealth> {
    const service = this.services.find((s) => s.name === name); // with its checks placed on hosts
    if (!service) throw new UsageError(`no service "${name}" in profile ${this.options.profile.name}`);
    await Promise.all([...(this.slots.get(name) ?? []).map((s) => this.runSlot(s)), this.refreshRunState(service)]);
    return this.flushNow()[name]!;
  }

  /** Resolves when every named service passes its checks; see wait-healthy.ts. */
  waitHealthy(names: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<Record<string, ServiceHealth>> {
    return waitHealthy(this, names, timeoutMs, signal);
  }

  /** Number of checks declared for a service. */
  checkCount(name: string): number {
    return this.slots.get(name)?.length ?? 0;
  }

  /** Current health of every service, derived from the latest results and run states. */
  snapshot(): Record<string, ServiceHealth> {
    return serviceHealthOf(this.services, this.results, this.runs, this.instances);
  }

  /**
   * Every check, those that took longest last time first: a cycle then ends about one timeout
   * after it starts, instead of one timeout after the last hung check got its turn in the queue.
   */
  private slowestFirst(): Slot[] {
    const last = (s: Slot): number => this.results.get(s.service)?.[s.index]?.latencyMs ?? 0;
    return [...this.slots.values()].flat().sort((a, b) => last(b) - last(a));
  }

  /** `fn` once, after `ms`, unless stopped before. */
  private once(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.disposed) fn();
    }, ms);
    this.timers.add(timer);
  }

  /** `fn` every `ms`, the first time after `firstMs` (@default ms). */
  private every(ms: number, fn: () => void, firstMs = ms): void {
    const period = Math.max(ms, 50);
    const first = setTimeout(() => {
      this.timers.delete(first);
      if (this.disposed) return;
      fn();
      this.timers.add(setInterval(fn, period));
    }, Math.max(firstMs, 50));
    this.timers.add(first);
  }

  private runSlot(slot: Slot): Promise<CheckResult> {
    if (slot.inFlight) return slot.inFlight;
    const p = this.semaphore.run((release) => this.probe(slot, release)).then((raw) => {
      const result = this.masked(raw);
      slot.inFlight = undefined;
      if (!this.disposed) {
        this.results.get(slot.service)![slot.index] = result;
        this.dirty.add(slot.service);
        this.scheduleFlush();
      }
      return result;
    });
    slot.inFlight = p;
    return p;
  }

  private async probe(slot: Slot, release: () => void): Promise<CheckResult> {
    const { check } = slot;
    if (!check.ok) return failed(check.check.name, Date.now(), 0, check.error);
    if (this.disposed) return failed(check.check.name, Date.now(), 0, 'cancelled');
    const lease = setTimeout(release, this.options.slotLeaseMs ?? 250);
    const ac = new AbortController();
    this.inFlight.add(ac);
    try {
      return await this.options.prober.probe(check.check, ac.signal);
    } catch (e) {
      return failed(check.check.name, Date.now(), 0, `probe error: ${errorMessage(e)}`);
    } finally {
      clearTimeout(lease);
      this.inFlight.delete(ac);
    }
  }

  private refreshRunStates(): Promise<void> {
    this.runStatesInFlight ??= Promise.all(this.services.map((s) => this.refreshRunState(s))).then(() => {
      this.runStatesInFlight = undefined;
    });
    return this.runStatesInFlight;
  }

  private controllerOf(service: Service): ServiceController | undefined {
    const kind = service.provider.kind;
    return kind === 'external' ? undefined : this.options.controllers?.[kind];
  }

  /** Run state and, when the provider has one, its own check: both settled before this resolves (runOnce waits on it). */
  private async refreshRunState(service: Service): Promise<void> {
    const controller = this.controllerOf(service);
    if (!controller) return; // stays 'unknown': nobody can tell
    if (controller.observe) {
      // One look at the provider for run state, its check and the instances. Looks overlap (a
      // poll, an engine event, a recheck): one that started earlier and answers later is stale.
      const t0 = Date.now();
      const seq = (this.looks.get(service.name) ?? 0) + 1;
      this.looks.set(service.name, seq);
      const current = (): boolean => (this.applied.get(service.name) ?? 0) <= seq;
      const seen = controller.observe(service).catch((e: unknown): ProviderObservation => ({ run: 'unknown', check: failed('provider', Date.now(), Date.now() - t0, errorMessage(e)) }));
      await Promise.all([
        this.refreshRun(service, () => seen.then((o) => o.run), current),
        seen.then((o) => {
          if (!current()) return;
          this.applied.set(service.name, seq);
          this.observed(service, o);
        }),
      ]);
      return;
    }
    await Promise.all([this.refreshRun(service, () => controller.runState(service)), controller.providerCheck && this.refreshProviderCheck(service, controller)]);
  }

  /** What the provider saw; its run state too, for an answer that came after the run-state timeout. */
  private observed(service: Service, o: ProviderObservation): void {
    if (this.disposed) return;
    this.results.get(service.name)![service.health.length] = this.masked(o.check);
    this.runs.set(service.name, o.run);
    if (o.instances) {
      const redactor = this.options.redactor;
      this.instances.set(service.name, redactor ? o.instances.map((i) => (i.problem === undefined ? i : { ...i, problem: redactor.redact(i.problem) })) : o.instances);
    } else this.instances.delete(service.name);
    this.dirty.add(service.name);
    this.scheduleFlush();
  }

  /** `current`: false once a later look has answered (this one's answer is then stale). */
  private async refreshRun(service: Service, ask: () => Promise<RunState>, current: () => boolean = () => true): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<RunState>((r) => {
      timer = setTimeout(() => r('unknown'), this.options.runStateTimeoutMs ?? 2000);
    });
    let run: RunState;
    try {
      run = await Promise.race([ask(), timeout]);
    } catch {
      run = 'unknown';
    } finally {
      clearTimeout(timer);
    }
    if (this.disposed || !current() || this.runs.get(service.name) === run) return;
    this.runs.set(service.name, run);
    this.dirty.add(service.name);
    this.scheduleFlush();
  }

  private async refreshProviderCheck(service: Service, controller: ServiceController): Promise<void> {
    let result: CheckResult;
    try {
      result = await controller.providerCheck!(service);
    } catch (e) {
      result = failed('provider', Date.now(), 0, errorMessage(e));
    }
    if (this.disposed) return;
    this.results.get(service.name)![service.health.length] = this.masked(result);
    this.dirty.add(service.name);
    this.scheduleFlush();
  }

  private masked(r: CheckResult): CheckResult {
    const redactor = this.options.redactor;
    return redactor && r.error !== undefined ? { ...r, error: redactor.redact(r.error) } : r;
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.disposed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushNow();
    }, this.options.flushMs ?? this.defaultFlushMs);
  }

  private flushNow(): Record<string, ServiceHealth> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    // Only what changed is recomputed and written: the cost of a flush follows the checks that
    // answered, not the size of the profile (1,000 services, a flush every 100 ms).
    const { all, changed } = updatedServiceHealth(this.current, this.services, this.results, this.runs, this.dirty, this.instances);
    this.dirty.clear();
    this.current = all;
    if (!this.disposed) {
      const at = Date.now();
      this.store.getState().update(changed, at);
      this.options.onSnapshot?.(all, at);
    }
    return all;
  }
}

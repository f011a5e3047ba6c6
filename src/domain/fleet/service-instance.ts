// A service's instances: one container per host of its `on:` (or per replica of a compose
// service), each as the operator sees it, and how they fold into one run state, one verdict
// ("1/2 running") and one line of detail. Pure: the Docker adapter fills them in, the monitor
// stores them with the service's health, screens and `status --json` render them.
import type { RunState } from '../health/health-model.js';
import { formatDuration } from '../duration.js';

export type InstanceHealth = 'starting' | 'healthy' | 'unhealthy';

export interface ServiceInstance {
  /**
   * Unique within the service, and what messages call it: "web@web-1" on a host, the container
   * name on this machine, "shop-web-2@web-1" for a compose replica on a host.
   */
  name: string;
  /** The host of the profile it lives on; undefined: the environment's own engine. */
  host?: string;
  /** The container's name and id, when one was found. */
  container?: string;
  containerId?: string;
  run: RunState;
  /** Docker's own word (running, exited, ...), or why there is none: "missing", "unreachable". */
  status: string;
  /** The HEALTHCHECK verdict, when the container has one. */
  health?: InstanceHealth;
  /** ISO time it started (running ones). */
  startedAt?: string;
  restartCount?: number;
  exitCode?: number;
  /** What is wrong with it (exited, unhealthy, missing, engine unreachable); undefined: fine. */
  problem?: string;
  /** Filled from the engine's stats stream, when followed. */
  cpuPercent?: number;
  memoryBytes?: number;
  /** Its memory limit (the host's memory when it has none), from the same stream. */
  memoryLimitBytes?: number;
}

/** How a container found on an engine becomes an instance's name. */
export function instanceName(service: string, container: string, host: string | undefined, oneContainer: boolean): string {
  if (host === undefined) return container;
  return `${oneContainer ? service : container}@${host}`;
}

/** Running when any instance runs (the check says how many do), else the first one's state. */
export function instancesRunState(instances: readonly ServiceInstance[]): RunState {
  if (instances.length === 0) return 'unknown';
  if (instances.some((c) => c.run === 'running')) return 'running';
  if (instances.some((c) => c.run === 'starting')) return 'starting';
  const found = instances.find((c) => c.container !== undefined);
  return (found ?? instances[0]!).run;
}

/** "2/3 running" when there are several instances; undefined for one. */
export function instanceCount(instances: readonly ServiceInstance[]): string | undefined {
  if (instances.length < 2) return undefined;
  return `${instances.filter((c) => c.run === 'running').length}/${instances.length} running`;
}

/** What is wrong, naming each bad instance; undefined when every one runs and passes its HEALTHCHECK. */
export function instancesProblem(instances: readonly ServiceInstance[]): string | undefined {
  if (instances.length === 1) return instances[0]!.problem;
  const bad = instances.filter((c) => c.problem !== undefined);
  if (bad.length === 0) return undefined;
  const healthy = bad.some((c) => c.run === 'running') ? ` (${instances.length - bad.length}/${instances.length} healthy)` : '';
  return `${instanceCount(instances)}${healthy}: ${bad.map((c) => `${c.name} ${c.problem}`).join('; ')}`;
}

/** Some instances are fine and some are not: the service is degraded, not down. */
export function instancesPartlyFine(instances: readonly ServiceInstance[]): boolean {
  return instances.length > 1 && instances.some((c) => c.problem === undefined) && instances.some((c) => c.problem !== undefined);
}

/** "up 3m" for a running instance, else undefined. */
export function instanceUptime(c: Pick<ServiceInstance, 'run' | 'startedAt'>, now = Date.now()): string | undefined {
  const started = c.startedAt ? Date.parse(c.startedAt) : NaN;
  return c.run === 'running' && Number.isFinite(started) && started > 0 ? formatDuration(Math.max(0, now - started)) : undefined;
}

/** "container web-1 (0123456789ab) running, up 3m, 2 restarts, healthy". */
export function instanceDetail(c: ServiceInstance, now = Date.now()): string {
  if (!c.container) return `${c.name}: ${c.problem ?? c.status}`;
  const code = c.exitCode === undefined ? '' : ` (code ${c.exitCode})`;
  const up = instanceUptime(c, now);
  const restarts = c.restartCount ? `, ${c.restartCount} restart${c.restartCount === 1 ? '' : 's'}` : '';
  const health = c.health ? `, ${c.health}` : '';
  const where = c.host ? ` on ${c.host}` : '';
  return `container ${c.container} (${(c.containerId ?? '').slice(0, 12)})${where} ${c.status}${code}${up ? `, up ${up}` : ''}${restarts}${health}`;
}

/** One line for several instances: "1/2 running: web@web-1 running healthy, web@web-2 exited". */
export function instancesDetail(instances: readonly ServiceInstance[], now = Date.now()): string | undefined {
  if (instances.length === 0) return undefined;
  if (instances.length === 1) return instanceDetail(instances[0]!, now);
  return `${instanceCount(instances)}: ${instances.map((c) => `${c.name} ${c.status}${c.health ? ` ${c.health}` : ''}`).join(', ')}`;
}

// The `opsdeck status` report: the stable JSON shape and the text table's cells. Pure.
import { serviceHosts, type Profile } from '../profile/profile-model.js';
import { placeChecks } from '../fleet/place-checks.js';
import type { HealthState, RunState, ServiceHealth } from './health-model.js';
import { formatDuration } from '../duration.js';
import type { ServiceInstance } from '../fleet/service-instance.js';
import type { ServiceProvider } from '../profile/profile-model.js';

export interface StatusCheckJson {
  name: string;
  /** `provider`: the provider's own check, e.g. a Docker container's state and HEALTHCHECK. */
  kind: 'http' | 'tcp' | 'command' | 'provider';
  /** The host a command check ran on over SSH; null: this machine (or a provider's check). */
  host: string | null;
  ok: boolean;
  slow: boolean;
  latencyMs: number | null;
  error: string | null;
}

/** One instance of a service on several hosts (or a replica): its own engine's view. */
export interface StatusInstanceJson {
  /** "web@web-1" on a host, the container name on this machine. */
  name: string;
  /** The profile host it lives on; null: the environment's own engine. */
  host: string | null;
  container: string | null;
  containerId: string | null;
  run: RunState;
  /** Docker's word (running, exited, ...), or "missing" / "unreachable" when there is no container. */
  status: string;
  health: 'starting' | 'healthy' | 'unhealthy' | null;
  startedAt: string | null;
  restartCount: number | null;
  exitCode: number | null;
  /** What is wrong with it; null: fine. (No CPU/memory: a stats sample costs the engine a second.) */
  problem: string | null;
}

export interface StatusServiceJson {
  name: string;
  state: HealthState;
  run: RunState;
  /** The hosts it runs on in this environment (`on:`); empty: this machine. */
  hosts: string[];
  latencyMs: number | null;
  lastCheckAt: string | null;
  blockedBy: string[];
  rootCause: string | null;
  /** Its provider could not be asked at all (no Docker engine of it answered): state not known. */
  unreachable: boolean;
  /** No container of it exists (removed, or never created): unhealthy, its STATE reads "missing". */
  missing: boolean;
  checks: StatusCheckJson[];
  /** Its instances, each from its own host's engine (Docker services); empty for the others. */
  instances: StatusInstanceJson[];
}

export interface StatusJson {
  profile: string;
  environment: string;
  checkedAt: string;
  healthy: boolean;
  services: StatusServiceJson[];
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** Docker's nanosecond times to the JSON vocabulary's ISO-8601 with milliseconds. */
const isoOf = (t: string | undefined): string | null => {
  const ms = t === undefined ? NaN : Date.parse(t);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
};

function instanceJson(i: ServiceInstance, redact: (s: string) => string): StatusInstanceJson {
  return {
    name: i.name, host: i.host ?? null, container: i.container ?? null, containerId: i.containerId ?? null, run: i.run, status: i.status,
    health: i.health ?? null, startedAt: isoOf(i.startedAt), restartCount: i.restartCount ?? null, exitCode: i.exitCode ?? null,
    problem: i.problem === undefined ? null : redact(i.problem),
  };
}

const hostOf = (spec: Profile['services'][string]['health'][number]): string | null => (spec.kind === 'command' && spec.remote ? spec.remote.name : null);

/** Services in declaration order; every declared check appears, run or not. */
export function statusJson(profile: Profile, environment: string, health: Readonly<Record<string, ServiceHealth>>, checkedAt: number, redact: (s: string) => string = (s) => s): StatusJson {
  const env = profile.environments[environment] ?? { hosts: [] };
  const services = Object.values(profile.services).map((declared): StatusServiceJson => {
    const svc = placeChecks(declared, env); // command checks on hosts: one per host
    const h = health[svc.name];
    return {
      name: svc.name,
      state: h?.state ?? 'unknown',
      run: h?.run ?? 'unknown',
      hosts: serviceHosts(env, svc).map((x) => x.name),
      latencyMs: h?.latencyMs ?? null,
      lastCheckAt: iso(h?.lastCheckAt),
      blockedBy: h?.blockedBy ?? [],
      rootCause: h?.rootCause ?? null,
      unreachable: h?.checks.some((c) => c.unreachable === true && !c.ok) ?? false,
      missing: (h?.instances?.length ?? 0) > 0 && h!.instances!.every((i) => i.status === 'missing'),
      checks: svc.health.map((spec): StatusCheckJson => {
        const r = h?.checks.find((c) => c.check === spec.name);
        return r
          ? { name: spec.name, kind: spec.kind, host: hostOf(spec), ok: r.ok, slow: r.slow === true, latencyMs: r.latencyMs, error: r.error === undefined ? null : redact(r.error) }
          : { name: spec.name, kind: spec.kind, host: hostOf(spec), ok: false, slow: false, latencyMs: null, error: 'no result yet' };
      }).concat(
        (h?.checks ?? [])
          .filter((c) => !svc.health.some((spec) => spec.name === c.check))
          .map((r) => ({ name: r.check, kind: 'provider' as const, host: null, ok: r.ok, slow: r.slow === true, latencyMs: r.latencyMs, error: r.error === undefined ? null : redact(r.error) })),
      ),
      instances: (h?.instances ?? []).map((i) => instanceJson(i, redact)),
    };
  });
  return { profile: profile.name, environment, checkedAt: new Date(checkedAt).toISOString(), healthy: services.every((s) => s.state === 'healthy'), services };
}

/**
 * The STATE word for a service, the same in `opsdeck status` and the console. An external service
 * has no process or container opsdeck could look at: its state is "external" (health and logs
 * only), not "unknown". Its JSON `run` stays "unknown" (documented: no controller).
 */
export function runWord(run: RunState | undefined, provider: ServiceProvider['kind']): string {
  return provider === 'external' ? 'external' : (run ?? 'unknown');
}

export const STATUS_HEADERS = ['SERVICE', 'STATE', 'HEALTH', 'LATENCY', 'LAST-CHECK', 'DETAIL'] as const;

/** What an operator needs to know about one service, in a line: the failing check, the hint. */
export function statusDetail(s: StatusServiceJson): string {
  const parts: string[] = [];
  const failing = s.checks.filter((c) => !c.ok);
  if (s.state === 'stopped') parts.push(`service ${s.run}`);
  // Said first and plainly: the container check's own words ("no container named …") read as a lookup error.
  else if (s.missing) parts.push(`the container does not exist (removed?): ${s.instances.map((i) => i.problem ?? 'missing').join('; ')}`);
  else if (failing.length) parts.push(`${failing[0]!.name}: ${failing[0]!.error ?? 'failed'}${failing.length > 1 ? ` (+${failing.length - 1} more failing)` : ''}`);
  else {
    const slow = s.checks.filter((c) => c.slow);
    if (slow.length) parts.push(`slow: ${slow.map((c) => `${c.name} ${formatDuration(c.latencyMs ?? 0)}`).join(', ')}`);
    else if (s.checks.length === 0 && s.state === 'unknown') parts.push('no health checks; run state unknown');
  }
  if (s.blockedBy.length) {
    const root = s.rootCause && !s.blockedBy.includes(s.rootCause) ? ` (root cause: ${s.rootCause})` : '';
    parts.push(`depends on ${s.blockedBy.join(', ')}, not healthy${root}`);
  }
  return parts.join(' · ');
}

/** `provider`: the service's kind in the profile (the JSON does not carry it). */
export function statusRow(s: StatusServiceJson, now: number, provider: ServiceProvider['kind']): string[] {
  const last = s.lastCheckAt === null ? '-' : `${formatDuration(Math.max(0, now - Date.parse(s.lastCheckAt)))} ago`;
  const run = s.missing ? 'missing' : s.instances.length > 1 ? `${s.instances.filter((i) => i.run === 'running').length}/${s.instances.length} running` : runWord(s.run, provider);
  return [s.name, run, s.state, s.latencyMs === null ? '-' : formatDuration(s.latencyMs), last, statusDetail(s)];
}

export function statusSummary(r: StatusJson): string {
  const counts = new Map<string, number>();
  for (const s of r.services) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  const order: HealthState[] = ['healthy', 'degraded', 'unhealthy', 'stopped', 'unknown'];
  const parts = order.filter((k) => counts.get(k)).map((k) => `${counts.get(k)} ${k}`);
  return `${r.services.length} service(s): ${parts.join(', ') || 'none'}`;
}

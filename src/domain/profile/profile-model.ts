// The normalized profile the rest of opsdeck works with: durations in ms, kinds resolved.
import type { ProfileFile } from './profile-schema.js';
import { parseDuration } from '../duration.js';
import { defaultDockerHost, selectHosts, toHostSelector, type Host, type HostSelector } from '../fleet/hosts.js';

export const DEFAULT_CHECK_INTERVAL_MS = 5000;
export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

export type HealthCheckSpec =
  | { kind: 'http'; name: string; intervalMs: number; timeoutMs: number; url: string; method: 'GET' | 'HEAD' | 'POST'; status?: number[]; bodyContains?: string; bodyRegex?: string; json?: { path: string; equals: string | number | boolean | null }; maxLatencyMs?: number; headers: Record<string, string> }
  | { kind: 'tcp'; name: string; intervalMs: number; timeoutMs: number; host: string; port: string }
  | { kind: 'command'; name: string; intervalMs: number; timeoutMs: number; command: string[]; cwd?: string; on?: HostSelector; remote?: Host };

export type LogSourceSpec = { kind: 'file'; name: string; path: string } | { kind: 'command'; name: string; command: string[] };

export type ServiceProvider =
  | { kind: 'process'; command: string[]; cwd?: string; env: Record<string, string>; envFile?: string; inheritEnv: string[]; stopTimeoutMs: number; startTimeoutMs: number }
  | { kind: 'docker'; container?: string; project?: string; service?: string }
  | { kind: 'external' };

export interface Service {
  name: string;
  description?: string;
  owner?: string;
  dependsOn: string[];
  /** Where it runs (`on:`); undefined: this machine. Resolve with serviceHosts(). */
  on?: HostSelector;
  provider: ServiceProvider;
  health: HealthCheckSpec[];
  logs: LogSourceSpec[];
  /** Recovery point / time objectives (ms), when declared. */
  rpoMs?: number;
  rtoMs?: number;
}

export interface Environment {
  name: string;
  description?: string;
  protected: boolean;
  /** Read-only by default (`readonly: true`): see domain/policy. */
  readonly?: boolean;
  vars: Record<string, string>;
  requires: string[];
  renamed: Record<string, string>;
  deprecated: string[];
  formats: Record<string, string>;
  dockerHost?: string;
  /** The environment's hosts (its `hosts:` among the profile's; every profile host without one). */
  hosts?: Host[];
  /** As written (relative to the ops dir unless absolute). */
  envFile?: string;
  rpoMs?: number;
  rtoMs?: number;
}

export interface Profile {
  name: string;
  description?: string;
  /** The file it came from, and the ops directory (parent of profiles/) paths resolve against. */
  file: string;
  baseDir: string;
  environments: Record<string, Environment>;
  secrets: string[];
  /** Optional so hand-made profiles (tests, the embedded default) need not name it. */
  hosts?: Record<string, Host>;
  services: Record<string, Service>;
  incident?: ProfileFile['incident'];
  maintenanceWindows: NonNullable<ProfileFile['maintenance_windows']>;
}

const ms = (v: string | number | undefined, fallback: number): number => (v === undefined ? fallback : parseDuration(v) ?? fallback);

export function toProfile(file: ProfileFile, source: { file: string; baseDir: string }): Profile {
  const hosts: Record<string, Host> = {};
  for (const [name, h] of Object.entries(file.hosts)) hosts[name] = { name, ssh: h.ssh, labels: h.labels, dockerHost: h.docker?.host ?? defaultDockerHost(h.ssh) };
  const environments: Record<string, Environment> = {};
  for (const [name, e] of Object.entries(file.environments)) {
    const envHosts = selectHosts(Object.values(hosts), toHostSelector(e.hosts));
    environments[name] = { name, description: e.description, protected: e.protected, readonly: e.readonly, vars: e.vars, requires: e.requires, renamed: e.renamed, deprecated: e.deprecated, formats: e.formats, dockerHost: e.docker?.host, hosts: envHosts, envFile: e.env_file, ...objectives(e) };
  }
  const services: Record<string, Service> = {};
  for (const [name, s] of Object.entries(file.services)) {
    services[name] = {
      name,
      description: s.description,
      owner: s.owner,
      dependsOn: s.depends_on,
      on: toHostSelector(s.on),
      provider: s.process
        ? { kind: 'process', command: s.process.command, cwd: s.process.cwd, env: s.process.env ?? {}, envFile: s.process.env_file, inheritEnv: s.process.inherit_env, stopTimeoutMs: ms(s.process.stop_timeout, 5000), startTimeoutMs: ms(s.process.start_timeout, 30_000) }
        : s.docker
          ? { kind: 'docker', ...s.docker }
          : { kind: 'external' },
      health: s.health.map((h, i) => toCheck(h, i)),
      logs: s.logs.map((l, i) => ('file' in l ? { kind: 'file' as const, name: l.name ?? `file${i + 1}`, path: l.file } : { kind: 'command' as const, name: l.name ?? l.command[0]!, command: l.command })),
      ...objectives(s),
    };
  }
  return {
    name: file.name,
    description: file.description,
    file: source.file,
    baseDir: source.baseDir,
    environments,
    secrets: file.secrets,
    hosts,
    services,
    incident: file.incident,
    maintenanceWindows: file.maintenance_windows ?? [],
  };
}

function toCheck(h: ProfileFile['services'][string]['health'][number], index: number): HealthCheckSpec {
  const intervalMs = ms(h.interval, DEFAULT_CHECK_INTERVAL_MS);
  const timeoutMs = ms(h.timeout, DEFAULT_CHECK_TIMEOUT_MS);
  if ('http' in h) {
    const x = h.http;
    return {
      kind: 'http', name: h.name ?? `http#${index + 1}`, intervalMs, timeoutMs, url: x.url, method: x.method ?? 'GET',
      status: x.status === undefined ? undefined : Array.isArray(x.status) ? x.status : [x.status],
      bodyContains: x.body_contains, bodyRegex: x.body_regex, json: x.json,
      maxLatencyMs: x.max_latency === undefined ? undefined : parseDuration(x.max_latency), headers: x.headers ?? {},
    };
  }
  if ('tcp' in h) return { kind: 'tcp', name: h.name ?? `tcp#${index + 1}`, intervalMs, timeoutMs, host: h.tcp.host, port: String(h.tcp.port) };
  return { kind: 'command', name: h.name ?? `command#${index + 1}`, intervalMs, timeoutMs, command: h.command, cwd: h.cwd, on: toHostSelector(h.on) };
}

/** The hosts a service runs on in an environment; empty: this machine. */
export function serviceHosts(environment: Pick<Environment, 'hosts'>, service: Pick<Service, 'on'>): Host[] {
  return service.on ? selectHosts(environment.hosts ?? [], service.on) : [];
}

/** rpo/rto of an environment or a service, in ms, only when declared. */
function objectives(o: { rpo?: string | number; rto?: string | number }): { rpoMs?: number; rtoMs?: number } {
  const rpo = o.rpo === undefined ? undefined : parseDuration(o.rpo);
  const rto = o.rto === undefined ? undefined : parseDuration(o.rto);
  return { ...(rpo !== undefined ? { rpoMs: rpo } : {}), ...(rto !== undefined ? { rtoMs: rto } : {}) };
}

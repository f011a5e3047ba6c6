// The hosts of a profile and which of them an environment, a service or a check runs on. A
// selector names hosts (one or a list) or picks them by labels; an environment narrows the
// profile's hosts, a service's `on:` picks among the environment's, a check's `on:` among the
// service's. No `on:` means this machine (no hosts at all).

export interface Host {
  name: string;
  /** ssh destination: an alias from ~/.ssh/config, user@host, or ssh://user@host:port. */
  ssh: string;
  labels: Record<string, string>;
  /** The host's Docker engine; default ssh://<ssh destination> (over the same connection). */
  dockerHost: string;
}

export type HostSelector = { names: string[] } | { labels: Record<string, string> };

/** The raw `on:` / `hosts:` value of a profile file as a selector. */
export function toHostSelector(raw: string | string[] | Record<string, string> | undefined): HostSelector | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return { names: [raw] };
  if (Array.isArray(raw)) return { names: raw };
  return { labels: raw };
}

export function matchesSelector(host: Host, selector: HostSelector): boolean {
  if ('names' in selector) return selector.names.includes(host.name);
  return Object.entries(selector.labels).every(([k, v]) => host.labels[k] === v);
}

/** Hosts picked by `selector` among `candidates`, in the candidates' order. */
export function selectHosts(candidates: readonly Host[], selector: HostSelector | undefined): Host[] {
  return selector ? candidates.filter((h) => matchesSelector(h, selector)) : [...candidates];
}

/** Names a selector refers to that are not hosts (for validation). */
export function unknownHostNames(selector: HostSelector | undefined, known: readonly string[]): string[] {
  return selector && 'names' in selector ? selector.names.filter((n) => !known.includes(n)) : [];
}

/** Default Docker engine of a host: its own, reached over its ssh connection. */
export function defaultDockerHost(ssh: string): string {
  return ssh.startsWith('ssh://') ? ssh : `ssh://${ssh}`;
}

/** One place a service runs: a host of the fleet, or this machine (`host` undefined). */
export interface ServicePlacement {
  host?: Host;
}

/** Display form: "web-1, web-2" or "local". */
export function placementLabel(hosts: readonly Host[]): string {
  return hosts.length === 0 ? 'local' : hosts.map((h) => h.name).join(', ');
}

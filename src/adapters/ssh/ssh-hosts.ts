// The process's SSH hosts, one per destination: health checks, log sources, Docker and actions
// that name the same host share its one master connection. Closed on opsdeck's exit path.
import { stateSubdir } from '../fs/state-dir.js';
import { SshHost } from './ssh-host.js';

const hosts = new Map<string, SshHost>();

export interface SshHostsEnv {
  /** An ssh_config for every connection (ssh -F), e.g. a team's config in the ops repo. */
  OPSDECK_SSH_CONFIG?: string;
  /** Connect timeout in ms. @default 5000 */
  OPSDECK_SSH_CONNECT_TIMEOUT_MS?: string;
  /** Sessions one connection may carry (the hosts' sshd MaxSessions). @default 10 */
  OPSDECK_SSH_MAX_SESSIONS?: string;
  /** Connections per host at most; past them sessions wait. @default 4 */
  OPSDECK_SSH_MAX_CONNECTIONS?: string;
  OPSDECK_STATE_DIR?: string;
  XDG_STATE_HOME?: string;
}

/** The shared host for an ssh destination (alias, user@host or ssh://user@host:port). */
export function sshHostFor(destination: string, name: string = destination, env: NodeJS.ProcessEnv = process.env): SshHost {
  let h = hosts.get(destination);
  if (!h) {
    const positive = (v: string | undefined): number | undefined => (Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : undefined);
    h = new SshHost({
      name,
      destination,
      controlDir: stateSubdir('ssh', env),
      configFile: env.OPSDECK_SSH_CONFIG || undefined,
      connectTimeoutMs: positive(env.OPSDECK_SSH_CONNECT_TIMEOUT_MS),
      maxSessions: positive(env.OPSDECK_SSH_MAX_SESSIONS),
      maxConnections: positive(env.OPSDECK_SSH_MAX_CONNECTIONS),
    });
    hosts.set(destination, h);
  }
  return h;
}

/** Every host opened so far (for the connection count and the hosts panel). */
export function openSshHosts(): SshHost[] {
  return [...hosts.values()];
}

/** Ends every master connection. */
export async function closeSshHosts(): Promise<void> {
  const all = [...hosts.values()];
  hosts.clear();
  await Promise.all(all.map((h) => h.close()));
}

// Where the Docker engine is: an environment's `docker.host`, else DOCKER_HOST, else the default
// socket. Turns the address into dockerode options and a display form used in every message.
import type { DockerOptions } from 'dockerode';
import { UsageError } from '../../domain/errors.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export interface DockerTarget {
  /** As the operator would write it: unix:///var/run/docker.sock, tcp://h:2375, ssh://u@h. */
  display: string;
  options: DockerOptions;
}

export function resolveDockerHost(host?: string, env: NodeJS.ProcessEnv = process.env): string {
  const h = host?.trim() || env.DOCKER_HOST?.trim();
  return h ? h : `unix://${DEFAULT_DOCKER_SOCKET}`;
}

export function dockerTarget(host?: string, env: NodeJS.ProcessEnv = process.env): DockerTarget {
  const raw = resolveDockerHost(host, env);
  if (raw.startsWith('/')) return { display: `unix://${raw}`, options: { socketPath: raw } };
  if (raw.startsWith('unix://')) {
    const path = raw.slice('unix://'.length);
    if (!path.startsWith('/')) throw new UsageError(`docker host "${raw}": a unix socket needs an absolute path (unix:///path/to.sock)`);
    return { display: raw, options: { socketPath: path } };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`docker host "${raw}" is not an address (expected unix:///path, tcp://host:port or ssh://user@host)`);
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    // DOCKER_TLS_VERIFY means the engine speaks TLS on tcp:// (certificates from DOCKER_CERT_PATH).
    const tls = url.protocol === 'https:' || (url.protocol === 'tcp:' && Boolean(env.DOCKER_TLS_VERIFY));
    return { display: raw, options: { protocol: tls ? 'https' : 'http', host: url.hostname, port: url.port || (tls ? 2376 : 2375) } };
  }
  if (url.protocol === 'ssh:') {
    return {
      display: raw,
      options: {
        protocol: 'ssh',
        host: url.hostname,
        port: url.port || 22,
        username: url.username ? decodeURIComponent(url.username) : undefined,
        sshAuthAgent: env.SSH_AUTH_SOCK,
      },
    };
  }
  throw new UsageError(`docker host "${raw}": unsupported scheme ${url.protocol} (expected unix://, tcp:// or ssh://)`);
}

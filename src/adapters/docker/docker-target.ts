// Where the Docker engine is: an environment's `docker.host`, else DOCKER_HOST, else the default
// socket. Turns the address into dockerode options and a display form used in every message.
import type { DockerOptions } from 'dockerode';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../domain/errors.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export interface DockerTarget {
  /** As the operator would write it: unix:///var/run/docker.sock, tcp://h:2375, ssh://u@h. */
  display: string;
  options: DockerOptions;
  /** ssh:// engines: reached by `docker system dial-stdio` over the operator's OpenSSH. */
  ssh?: { destination: string; argv: string[] };
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
    // Port 2376 is TLS by convention (as the Docker CLI assumes).
    const tls = url.protocol === 'https:' || (url.protocol === 'tcp:' && (Boolean(env.DOCKER_TLS_VERIFY) || url.port === '2376'));
    const port = url.port || (tls ? 2376 : 2375);
    return { display: raw, options: { protocol: tls ? 'https' : 'http', host: url.hostname, port, ...(tls ? tlsFiles(env) : {}) } };
  }
  if (url.protocol === 'ssh:') {
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    // The same destination string a profile host would use, so both share one master connection.
    const destination = url.port ? `ssh://${user}${url.hostname}:${url.port}` : `${user}${url.hostname}`;
    const socket = url.pathname && url.pathname !== '/' ? decodeURIComponent(url.pathname) : undefined;
    const argv = ['docker', ...(socket ? [`--host=unix://${socket}`] : []), 'system', 'dial-stdio'];
    // A socketPath (never dialled: the agent makes the connection) keeps docker-modem from
    // parsing an ssh:// URL with the legacy url.parse (Node's DeprecationWarning).
    return { display: raw, options: { socketPath: `/ssh/${destination}`, host: undefined, protocol: 'http' }, ssh: { destination, argv } };
  }
  throw new UsageError(`docker host "${raw}": unsupported scheme ${url.protocol} (expected unix://, tcp:// or ssh://)`);
}

/** Client certificates for a TLS engine, from DOCKER_CERT_PATH or ~/.docker, as the Docker CLI reads them. */
function tlsFiles(env: NodeJS.ProcessEnv): Pick<DockerOptions, 'ca' | 'cert' | 'key'> {
  const dir = env.DOCKER_CERT_PATH || join(env.HOME || homedir(), '.docker');
  const read = (name: string): Buffer | undefined => {
    try {
      return readFileSync(join(dir, name));
    } catch {
      return undefined;
    }
  };
  const [ca, cert, key] = [read('ca.pem'), read('cert.pem'), read('key.pem')];
  return { ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) };
}

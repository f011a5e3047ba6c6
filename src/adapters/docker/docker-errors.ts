// Docker failures as typed errors with a message an operator can act on: never a stack, never
// dockerode's raw "(HTTP code 500) server error - ..." alone.
import { EXIT, OpsdeckError, errorMessage } from '../../domain/errors.js';

/** The engine cannot be reached at all (no socket, refused, DNS, ssh failure, timeout). */
export class DockerUnreachableError extends OpsdeckError {
  readonly exitCode = EXIT.failed;
  constructor(readonly target: string, readonly reason: string) {
    super(`cannot reach Docker at ${target}: ${reason}`);
    this.name = 'DockerUnreachableError';
    this.hint = 'is the engine running? set docker.host on the environment, or DOCKER_HOST';
  }
}

/** The profile names a container that does not exist. opsdeck never creates containers. */
export class ContainerNotFoundError extends OpsdeckError {
  readonly exitCode = EXIT.failed;
  constructor(readonly what: string, readonly target: string) {
    super(`no container ${what} on ${target}`);
    this.name = 'ContainerNotFoundError';
    this.hint = 'create it first (docker run / docker compose up); opsdeck starts and stops existing containers';
  }
}

/** The engine answered with an error. */
export class DockerApiError extends OpsdeckError {
  readonly exitCode = EXIT.failed;
  constructor(readonly target: string, readonly action: string, readonly statusCode: number | undefined, detail: string) {
    super(`docker ${action} failed on ${target}: ${detail}`);
    this.name = 'DockerApiError';
  }
}

// The ERR_STREAM_ codes: the connection's stream (over ssh, `docker system dial-stdio`) was torn
// down under a request, as when the engine or its host goes away mid-call.
const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ESOCKETTIMEDOUT', 'ENOTSOCK', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_WRITE_AFTER_END']);

interface RawDockerError {
  code?: string;
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
  level?: string; // ssh2 errors: 'client-socket', 'client-authentication', ...
}

/** Maps whatever dockerode threw into one of the errors above. */
export function toDockerError(err: unknown, target: string, action: string): OpsdeckError {
  if (err instanceof OpsdeckError) return err;
  const e = (err ?? {}) as RawDockerError;
  if ((e.code && UNREACHABLE.has(e.code)) || e.level?.startsWith('client-') || /timeout/i.test(e.message ?? '')) {
    return new DockerUnreachableError(target, oneLine(e.message ?? e.code ?? 'no answer'));
  }
  if (typeof e.statusCode === 'number') {
    const detail = e.json?.message ?? e.reason ?? `HTTP ${e.statusCode}`;
    return new DockerApiError(target, action, e.statusCode, oneLine(detail));
  }
  return new DockerApiError(target, action, undefined, oneLine(errorMessage(err)));
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

// What went wrong reaching a host over OpenSSH, in words an operator can act on: the host, the
// reason, and the exact `ssh` command to run in their own shell to see (or answer) the problem.
import { EXIT, OpsdeckError } from '../../domain/errors.js';

export type SshFailureKind = 'auth' | 'host-key-changed' | 'host-key-unknown' | 'unreachable' | 'timeout' | 'ssh-missing' | 'other';

export class SshConnectError extends OpsdeckError {
  readonly exitCode = EXIT.failed;
  constructor(readonly host: string, readonly kind: SshFailureKind, readonly reason: string, readonly tryCommand: string) {
    super(`ssh ${host}: ${reason}`);
    this.name = 'SshConnectError';
    this.hint = `try: ${tryCommand}`;
  }

  /** One line for a health check or a log source: reason and what to try. */
  get oneLine(): string {
    return `${this.message} (try: ${this.tryCommand})`;
  }
}

const RULES: [RegExp, SshFailureKind, string][] = [
  [/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i, 'host-key-changed', 'the host key has CHANGED since it was recorded in known_hosts (refusing to connect)'],
  [/No \S+ host key is known|Host key verification failed/i, 'host-key-unknown', 'the host key is not in known_hosts (BatchMode cannot ask): verify it, then connect once by hand'],
  [/Permission denied/i, 'auth', 'the server refused the login (no accepted key; BatchMode allows no password prompt)'],
  [/Connection timed out|timed out during banner exchange|Operation timed out/i, 'timeout', 'no answer within the connect timeout'],
  [/Connection refused|No route to host|Network is unreachable|Could not resolve hostname|Name or service not known|Connection closed by|Connection reset/i, 'unreachable', ''],
];

/** Classifies ssh's stderr (the last meaningful lines) into a typed error. */
export function sshFailure(host: string, stderr: string, tryCommand: string): SshConnectError {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^@+$|^@\s|^Warning: Permanently added/.test(l));
  for (const [re, kind, words] of RULES) {
    const hit = lines.find((l) => re.test(l));
    if (hit) return new SshConnectError(host, kind, words || oneLine(hit), tryCommand);
  }
  const last = lines.at(-1);
  return new SshConnectError(host, 'other', last ? oneLine(last) : 'ssh exited without saying why', tryCommand);
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').slice(0, 300);

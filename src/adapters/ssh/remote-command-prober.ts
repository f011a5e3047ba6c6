// `command` health checks placed on a host: the argv runs there over the host's multiplexed
// OpenSSH connection (each element one literal argument), exit 0 = healthy. A host that cannot be
// reached is a failed check saying why and which ssh command to try, never a hang.
import type { HealthCheckSpec } from '../../domain/profile/profile-model.js';
import type { CheckResult } from '../../domain/health/health-model.js';
import type { HealthProber } from '../../ports/health-prober.js';
import { failed, lastLine, passed, timeoutError } from '../../domain/health/check-result.js';
import { errorMessage } from '../../domain/errors.js';
import { createLineMasker } from '../../domain/text/line-masker.js';
import type { Redactor } from '../../domain/text/redaction.js';
import { SshConnectError } from './ssh-errors.js';
import { sshHostFor } from './ssh-hosts.js';
import { SESSION_REFUSED } from './ssh-host.js';

export class RemoteCommandProber implements HealthProber {
  /** Masks declared secrets in what the host prints before it becomes a check's error. */
  constructor(private readonly redactor?: Redactor) {}

  private mask(output: string): string {
    if (!this.redactor) return output;
    const masker = createLineMasker(this.redactor);
    return output.split('\n').map((l) => masker.line(l)).join('\n');
  }

  async probe(check: HealthCheckSpec, signal: AbortSignal): Promise<CheckResult> {
    const at = Date.now();
    const t0 = performance.now();
    const ms = (): number => Math.round(performance.now() - t0);
    if (check.kind !== 'command' || !check.remote) return failed(check.name, at, 0, 'not a remote command check');
    if (!check.command.length) return failed(check.name, at, 0, 'empty command');
    const host = sshHostFor(check.remote.ssh, check.remote.name);
    try {
      // Connecting has its own timeout (the connect timeout); the check's timeout is the command's.
      await host.connect();
      const r = await host.exec(check.cwd ? ['sh', '-c', 'cd "$1" && shift && exec "$@"', 'opsdeck-cd', check.cwd, ...check.command] : check.command, { timeoutMs: check.timeoutMs, signal });
      if (r.timedOut) return failed(check.name, at, ms(), timeoutError(check.timeoutMs));
      if (signal.aborted) return failed(check.name, at, ms(), 'cancelled');
      if (r.exitCode === 0) return passed(check.name, at, ms());
      if (r.exitCode === 255 && SESSION_REFUSED.test(r.stderr)) return failed(check.name, at, ms(), `${check.remote.name} refused another ssh session on every connection (sshd MaxSessions; see OPSDECK_SSH_MAX_SESSIONS)`);
      if (r.exitCode === 127) return failed(check.name, at, ms(), `command not found on ${check.remote.name}: ${check.command[0]}`);
      const out = lastLine(this.mask(r.stderr || r.stdout));
      const why = r.exitCode !== null ? `exit ${r.exitCode}` : `killed by ${r.signal}`;
      return failed(check.name, at, ms(), out ? `${why}: ${out}` : why);
    } catch (err) {
      return failed(check.name, at, ms(), err instanceof SshConnectError ? err.oneLine : errorMessage(err));
    }
  }
}

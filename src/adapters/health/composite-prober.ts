// One prober for every check kind, dispatching on `check.kind`; the monitor's only prober.
import type { HealthCheckSpec } from '../../domain/profile/profile-model.js';
import type { CheckResult } from '../../domain/health/health-model.js';
import type { HealthProber } from '../../ports/health-prober.js';
import { failed } from '../../domain/health/check-result.js';
import { errorMessage } from '../../domain/errors.js';
import type { HttpProber } from '../http/http-prober.js';
import { TcpProber } from '../net/tcp-prober.js';
import { CommandProber } from '../process/command-prober.js';
import type { Redactor } from '../../domain/text/redaction.js';
import { RemoteCommandProber } from '../ssh/remote-command-prober.js';

/**
 * The HTTP prober, loaded with its first check: node:http/https cost ~20-60 ms to load, on the
 * console's start path before its first frame, also for profiles with no HTTP check (issue 10).
 */
class LazyHttpProber implements HealthProber {
  private inner?: Promise<HttpProber>;
  probe(check: HealthCheckSpec, signal: AbortSignal): Promise<CheckResult> {
    this.inner ??= import('../http/http-prober.js').then((m) => new m.HttpProber());
    return this.inner.then((p) => p.probe(check, signal));
  }
  close(): void {
    void this.inner?.then((p) => p.close());
  }
}

export interface ClosableProber extends HealthProber {
  /** Releases sockets kept alive between checks. */
  close(): void;
}

export type ProbersByKind = { [K in HealthCheckSpec['kind']]: HealthProber };

export class CompositeProber implements ClosableProber {
  private readonly probers: ProbersByKind;
  private readonly http?: LazyHttpProber;
  private remote?: RemoteCommandProber;
  private readonly redactor?: Redactor;

  constructor(options: { baseDir?: string; redactor?: Redactor; probers?: Partial<ProbersByKind> } = {}) {
    this.http = options.probers?.http ? undefined : new LazyHttpProber();
    this.redactor = options.redactor;
    this.probers = {
      http: options.probers?.http ?? this.http!,
      tcp: options.probers?.tcp ?? new TcpProber(),
      command: options.probers?.command ?? new CommandProber({ baseDir: options.baseDir, redactor: options.redactor }),
    };
  }

  async probe(check: HealthCheckSpec, signal: AbortSignal): Promise<CheckResult> {
    // A command check placed on a host (see place-checks.ts) runs there, over SSH.
    const prober = check.kind === 'command' && check.remote ? (this.remote ??= new RemoteCommandProber(this.redactor)) : this.probers[check.kind];
    if (!prober) return failed(check.name, Date.now(), 0, `unsupported check kind "${(check as { kind: string }).kind}"`);
    try {
      return await prober.probe(check, signal);
    } catch (e) {
      // Probers should never throw; if one does, it is still just a failed check.
      return failed(check.name, Date.now(), 0, `probe error: ${errorMessage(e)}`);
    }
  }

  close(): void {
    this.http?.close();
  }
}

export function createProber(options: { baseDir?: string; redactor?: Redactor } = {}): ClosableProber {
  return new CompositeProber(options);
}

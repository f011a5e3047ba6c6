// `opsdeck status [--env E] [--json] [--watch] [--interval 3s]`: every health check once (or
// every few seconds with --watch) and a table, or JSON. Exit 0 when every service is healthy,
// 1 otherwise, 2 for configuration or usage errors.
//
// --json prints one document (with --watch: one compact document per line, per cycle):
//   {
//     "version": 1,                                     // cli/json-output.ts
//     "profile": "shop", "environment": "local",
//     "checkedAt": "2026-01-01T12:00:00.000Z",          // ISO time the cycle finished
//     "healthy": true,                                  // every service's state is "healthy"
//     "services": [{                                    // in profile order
//       "runbooks": ["incident-triage"],                // matching runbooks of a service not healthy
//       "name": "api",
//       "state": "healthy|degraded|unhealthy|stopped|unknown",
//       "run": "running|starting|stopping|stopped|exited|unknown",   // unknown: no controller (an external service: STATE "external" in the table)
//       "latencyMs": 12 | null,                         // first http/tcp check (else first check)
//       "lastCheckAt": "ISO time" | null,
//       "blockedBy": ["db"],                            // direct dependencies unhealthy or stopped
//       "rootCause": "db" | null,                       // deepest bad service down that chain
//       "unreachable": false,                           // no Docker engine of it answered
//       "checks": [{ "name": "http#1", "kind": "http|tcp|command|provider", "ok": true, "slow": false,
//                    "latencyMs": 12 | null, "error": "status 503 (expected 200)" | null }],
//       "instances": [{ "name": "web@web-1", "host": "web-1" | null, "container", "containerId", "run",
//                       "status", "health", "startedAt", "restartCount", "exitCode", "problem" }]
//                                                       // Docker: one per host (or replica)
//     }]
//   }
// Error texts are masked (secrets, credentials) before they are printed.
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseDuration } from '../../domain/duration.js';
import { createRedactor, secretValuesFrom } from '../../domain/text/redaction.js';
import type { HealthState } from '../../domain/health/health-model.js';
import type { ServiceProvider } from '../../domain/profile/profile-model.js';
import { STATUS_HEADERS, statusJson, statusRow, statusSummary } from '../../domain/health/status-report.js';
import { createHealthMonitor } from '../../services/health/create-health-monitor.js';
import { parseCommandArgs } from '../cli-args.js';
import { JSON_OPTION, jsonDocument, jsonLine } from '../json-output.js';
import { loadContext, useColor } from '../command-context.js';
import { loadControllers } from '../service-controllers.js';
import { renderTable } from '../text-table.js';
import { onCallLines, statusOk, withOnCall, type OnCallStatus } from '../status-oncall.js';

const HELP = `Usage: opsdeck status [--env E] [--json] [--watch] [--interval 3s] [--dir DIR] [--profile NAME]

Runs every health check of the profile's services once and prints a table:
SERVICE STATE HEALTH LATENCY LAST-CHECK DETAIL (failing check, dependency hint).
  --env E        environment (default: the first one declared)
  --json         machine-readable output (shape documented in the README)
  --watch        re-check every --interval until Ctrl-C
  --interval D   time between cycles with --watch (default 3s)
Exit 0 when every service is healthy (or the environment is in a maintenance window: services
not healthy are then "in maintenance"), 1 otherwise, 2 on a configuration or usage error.`;

const COLORS: Record<HealthState, string> = { healthy: '32', degraded: '33', unhealthy: '31', stopped: '90', unknown: '90' };

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', args, { ...JSON_OPTION, watch: { type: 'boolean', short: 'w' }, interval: { type: 'string' } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length) throw new UsageError(`status: unexpected argument "${positionals[0]}"`, 'see `opsdeck status --help`');
  const intervalMs = values.interval === undefined ? 3000 : parseDuration(values.interval);
  if (intervalMs === undefined || intervalMs < 100) throw new UsageError(`status: --interval "${values.interval}" is not a duration of at least 100ms (e.g. 2s)`);
  const ctx = loadContext(values);
  const redactor = createRedactor(secretValuesFrom(ctx.profile.secrets, process.env));
  const monitor = createHealthMonitor({ profile: ctx.profile, environment: ctx.environment, controllers: await loadControllers(ctx) });
  const out = process.stdout;
  const tty = !!out.isTTY;
  const color = useColor(out);
  const providers = Object.fromEntries(Object.values(ctx.profile.services).map((s) => [s.name, s.provider.kind]));
  const cycle = async (): Promise<OnCallStatus> => withOnCall(ctx, statusJson(ctx.profile, ctx.environment.name, await monitor.runOnce(), Date.now(), (s) => redactor.redact(s)));

  if (!values.watch) {
    try {
      const report = await cycle();
      out.write(values.json ? jsonDocument(report) : textReport(report, { color, providers, width: tty ? termWidth(out) : undefined }).join('\n') + '\n');
      return statusOk(report) ? EXIT.ok : EXIT.failed;
    } finally {
      await monitor.stop();
    }
  }

  // --watch: until Ctrl-C (or SIGTERM); the exit code is that of the last complete cycle.
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code: number = EXIT.failed;
  let drawn = 0;
  try {
    while (!stop.signal.aborted) {
      const report = await raceAbort(cycle(), stop.signal);
      if (!report) break;
      code = statusOk(report) ? EXIT.ok : EXIT.failed;
      if (values.json) out.write(jsonLine(report) + '\n');
      else if (tty) {
        const lines = textReport(report, { color, providers, width: termWidth(out), footer: `every ${values.interval ?? '3s'} · Ctrl-C to exit` });
        // Redraw in place: back to the first line of the previous frame, clear below, draw.
        out.write((drawn ? `\x1b[${drawn}F\x1b[0J` : '') + lines.join('\n') + '\n');
        drawn = lines.length;
      } else out.write(textReport(report, { color: false, providers }).join('\n') + '\n\n');
      await sleep(intervalMs, stop.signal);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await monitor.stop();
  }
  return code;
}

function textReport(r: OnCallStatus, opts: { color: boolean; providers: Readonly<Record<string, ServiceProvider['kind']>>; width?: number; footer?: string }): string[] {
  const now = Date.now();
  const rows = r.services.map((s) => statusRow(s, now, opts.providers[s.name] ?? 'external'));
  const paint = (text: string, code: string): string => (opts.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const table = renderTable(STATUS_HEADERS, rows, {
    width: opts.width,
    style: (text, row, col) => (row === 0 ? paint(text, '1') : col === 2 ? paint(text, COLORS[r.services[row - 1]!.state]) : text),
  });
  const cut = (line: string): string => (opts.width !== undefined && line.length > opts.width ? line.slice(0, opts.width - 1) + '…' : line);
  const title = terminalSafe(`${r.profile} · ${r.environment} · checked ${r.checkedAt.slice(11, 19)} UTC`);
  const summary = statusSummary(r) + (opts.footer ? ` · ${opts.footer}` : '');
  // Every line fits the width: a wrapped line would break the in-place redraw.
  return [cut(title), ...table, ...onCallLines(r).map((l) => cut(terminalSafe(l))), cut(summary)];
}

/** Resolves after `ms`, or at once when the signal aborts (the timer is then cleared). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The terminal's width, when it reports a usable one. */
function termWidth(out: NodeJS.WriteStream): number | undefined {
  return out.columns && out.columns >= 20 ? out.columns : undefined;
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

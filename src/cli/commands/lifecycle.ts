// `opsdeck start|stop|restart SVC...|--all [--env E] [--confirm-env E]`: the lifecycle in
// dependency order, with progress lines as it goes. Exit 0 when everything asked for is done.
import { writeSafe } from '../safe-write.js';
import { EXIT, UsageError } from '../../domain/errors.js';
import { describeEvent, outcomeCounts, type LifecycleAction, type LifecycleEvent, type LifecycleResult } from '../../domain/lifecycle/lifecycle-events.js';
import { parseCommandArgs, readOnlyRequested } from '../cli-args.js';
import { JSON_OPTION, jsonDocument } from '../json-output.js';
import { requirementFor } from '../../domain/policy/action-policy.js';
import { HeadlessConfirmer } from '../headless-confirmer.js';
import { loadContext } from '../command-context.js';
import { resolveTargets, runLifecycleAction } from '../../services/lifecycle/lifecycle.js';
import { lifecycleDeps } from '../../services/lifecycle/lifecycle-deps.js';
import { confirmLifecycle, guardLifecycle, type GuardedAction } from '../../services/lifecycle/lifecycle-guard.js';
import { loadControllers } from '../service-controllers.js';

const help = (action: LifecycleAction): string => `Usage: opsdeck ${action} SVC... | --all [--env E] [--confirm-env E] [--no-deps] [--json]

${action === 'stop' ? 'Stops services, dependants first (SIGTERM to the whole process group, SIGKILL after the\nservice\'s stop_timeout).' : action === 'start' ? 'Starts services in dependency order, waiting for each to pass its health checks (up to its\nstart_timeout) before starting the next; a failure stops the sequence there. Services already\nrunning are left alone. Dependencies of the named services are started too (unless --no-deps).' : 'Stops the services (dependants first), then starts them in dependency order, waiting for health.'}

  --all               every service of the profile (services opsdeck does not manage are skipped)
  --env E             the environment (default: the first one in the profile)
  --confirm-env E     required in a protected environment: type its name to confirm
  --no-deps           ${action === 'stop' ? '(no effect for stop)' : 'do not start the dependencies of the named services'}
  --json              print the result as JSON on stdout (progress goes to stderr)

Every action is recorded in the audit log. In a protected environment it also holds the
environment's lock while it works: it refuses while a runbook run holds it.

Exit status: 0 done, 1 a service failed or the environment is locked, 2 bad usage or configuration.`;

export async function runLifecycle(action: LifecycleAction, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(action, args, {
    ...JSON_OPTION,
    all: { type: 'boolean' },
    'confirm-env': { type: 'string' },
    'no-deps': { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(help(action) + '\n');
    return EXIT.ok;
  }
  if (!values.all && positionals.length === 0) throw new UsageError(`${action}: name the services to ${action}, or use --all`, `see \`opsdeck ${action} --help\``);
  if (values.all && positionals.length > 0) throw new UsageError(`${action}: give service names or --all, not both`);
  const ctx = loadContext(values);
  const target = values.all ? 'all' : resolveTargets(ctx.profile, positionals);
  const services = target === 'all' ? ('all' as const) : target;
  const confirmation = await confirmAction({ action, services, profile: ctx.profile, environment: ctx.environment }, target === 'all' ? '--all' : target.join(' '), values['confirm-env'], readOnlyRequested(values));

  const out = values.json ? process.stderr : process.stdout;
  const onEvent = (e: LifecycleEvent): void => {
    writeSafe(e.kind === 'failed' ? process.stderr : out, `${stamp()} ${describeEvent(e)}\n`);
  };
  const abort = new AbortController();
  const onSigint = (): void => {
    process.stderr.write(`${stamp()} interrupted: finishing the current service, nothing more will be started or stopped\n`);
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  const deps = lifecycleDeps({ profile: ctx.profile, environment: ctx.environment, controllers: await loadControllers(ctx), onEvent, signal: abort.signal });
  writeSafe(out, `${stamp()} ${action} ${target === 'all' ? 'all services' : target.join(', ')} in ${ctx.environment.name} (profile ${ctx.profile.name})\n`);
  let result: LifecycleResult;
  try {
    const guarded = { action, services, profile: ctx.profile, environment: ctx.environment, confirmation };
    result = await guardLifecycle(guarded, () => runLifecycleAction(action, target, { ...deps.options, withDependencies: !values['no-deps'] }));
  } finally {
    process.removeListener('SIGINT', onSigint);
    await deps.close();
  }
  if (values.json) process.stdout.write(lifecycleJson(result, ctx.profile.name, ctx.environment.name));
  else out.write(`${stamp()} ${summary(result)}\n`);
  return result.ok ? EXIT.ok : EXIT.failed;
}

/**
 * What the one safety policy requires for a service action, asked through the Confirmer port:
 * read-only refuses (exit 2); a y/N is answered by the command line itself (it names the
 * action); a typed confirmation by --confirm-env, or at a prompt on a terminal. An action not
 * done (refused, a wrong name, nobody to answer) is audited on the console's path
 * (confirmLifecycle). Returns what was asked and answered, for the audit log.
 */
async function confirmAction(g: Omit<GuardedAction, 'confirmation'>, names: string, given: string | undefined, readonly: boolean): Promise<string> {
  const { action, environment: env } = g;
  const requirement = requirementFor({ dangerous: true, label: `${action} ${names}` }, env, { readonly });
  // A wrong --confirm-env where no name is asked (an unprotected environment) is a usage error:
  // nothing was asked. Where the name is asked, the flag is the answer, and a wrong one a no.
  if (given !== undefined && given !== env.name && requirement.kind !== 'typed' && requirement.kind !== 'refused') throw new UsageError(mismatch(given, env.name));
  const tty = !!process.stdin.isTTY && !!process.stderr.isTTY;
  const confirmer = new HeadlessConfirmer({ yes: true, yesVia: 'the command line', confirmEnv: given, tty });
  const answer = await confirmLifecycle(g, requirement, { prompt: `${action} ${names} in ${env.name}?` }, confirmer);
  if (!answer.ok) {
    if (requirement.kind === 'refused') throw new UsageError(requirement.reason, 'nothing was done; `opsdeck status` and `opsdeck logs` work in read-only mode');
    if (requirement.kind === 'typed' && given !== undefined) throw new UsageError(mismatch(given, env.name));
    if (requirement.kind === 'typed' && !tty) throw new UsageError(`${env.name} is a protected environment: add --confirm-env ${env.name} to ${action} services there`);
    throw new UsageError(answer.reason === 'cancelled' ? 'not confirmed; nothing was done' : `${answer.reason ?? 'not confirmed'}; nothing was done`);
  }
  return answer.record;
}

const mismatch = (given: string, env: string): string => `--confirm-env "${given}" does not match the environment "${env}"; nothing was done`;

function summary(r: LifecycleResult): string {
  return `${r.ok ? 'done' : 'FAILED'}: ${outcomeCounts(r)}`;
}

function stamp(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** `{version, action, ok, profile, environment, outcomes: [{service, outcome, message?, check?, durationMs?}]}` */
function lifecycleJson(result: LifecycleResult, profile: string, environment: string): string {
  const outcomes = result.outcomes.map(({ ms, ...o }) => (ms === undefined ? o : { ...o, durationMs: Math.round(ms) }));
  return jsonDocument({ action: result.action, ok: result.ok, profile, environment, outcomes });
}

// `opsdeck run RUNBOOK --env E`: plan first, then step by step; headless (no Ink). Without a
// terminal every confirmation must come from flags, or the run stops before the step.
// By default the run executes in a detached runner this console attaches to (a dropped SSH
// session never kills it); --foreground runs it inside this process instead.
import { removeRunRequest, writeRunRequest } from '../../services/runs/run-request.js';
import { writeSafe } from '../safe-write.js';
import { hostname, userInfo } from 'node:os';
import { EXIT, UsageError } from '../../domain/errors.js';
import { eventLine, planLines } from '../../domain/runbook/run-text.js';
import { parseCommandArgs, readOnlyRequested } from '../cli-args.js';
import { JSON_OPTION, jsonLine, runEventJson } from '../json-output.js';
import { runStartRequirement } from '../../domain/runbook/plan.js';
import { loadContext } from '../command-context.js';
import { createRun, runPaths } from '../../adapters/fs/run-store.js';
import { currentStamp } from '../../adapters/system/process-identity.js';
import type { RunRequest } from '../../services/runs/run-request.js';
import { resolve } from 'node:path';
import { FsRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { acquireLock, describeHolder, lockPath, releaseLock } from '../../adapters/fs/env-lock.js';
import { AuditLog } from '../../adapters/fs/audit-log.js';
import { auditEvent } from '../../services/runs/run-audit.js';
import { writeReport } from '../../services/runs/run-report.js';
import { RunbookRunner } from '../../services/runs/runbook-runner.js';
import { prepareRun } from '../../services/runs/run-preparation.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { createRunbookServices } from '../../services/runs/runbook-service-actions.js';
import { HeadlessConfirmer } from '../headless-confirmer.js';
import { standardStepEnv } from '../../services/runs/step-env.js';
import { loadControllers } from '../service-controllers.js';
import { createGuardCheck } from '../../services/runs/run-guard.js';
import { askLine } from '../ask-line.js';
import { startDetachedRun } from '../start-run.js';
import { writeStateJson } from '../../adapters/fs/state-dir.js';

const HELP = `Usage: opsdeck run RUNBOOK --env E [--input NAME=VALUE]... [--dry-run] [--yes] [--confirm-env E] [--change REF]

Prints the plan (every step, its command with the inputs filled in, its confirmation level),
then runs it step by step with live output.
  --input NAME=VALUE  a runbook input (repeatable); missing or invalid inputs are named
  --dry-run           walk the plan, run nothing that changes anything
  --yes               answer yes to y/N confirmations and manual steps
  --confirm-env E     answer typed confirmations of a protected environment (must equal E)
  --change REF        change reference (ticket) — required in a protected environment
  --json              events as JSON lines on stdout instead of text
  --detach            start the run in the background and print its id; its questions wait
                      until someone attaches (\`opsdeck attach RUN\`)
  --take-over         take over a stale lock of the environment (its holder is dead)
  --foreground        run inside this process (dies with this console; no other console can attach)
Without a terminal, a step needing a confirmation the flags do not give stops the run before it.
Exit: 0 succeeded, 1 failed or stopped, 2 usage or config error, 130 aborted.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', args, {
    ...JSON_OPTION,
    input: { type: 'string', short: 'i', multiple: true },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    'confirm-env': { type: 'string' },
    change: { type: 'string' },
    detach: { type: 'boolean' },
    'take-over': { type: 'boolean' },
    foreground: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `run takes one runbook, got: ${positionals.join(' ')}` : 'run needs a runbook name', 'opsdeck run RUNBOOK --env E; `opsdeck run --help`');
  const envName = values.env ?? process.env.OPSDECK_ENV;
  if (!envName) throw new UsageError('run needs --env E: name the environment explicitly');
  const ctx = loadContext({ ...values, env: envName });
  const { profile, environment, ops } = ctx;
  const given: Record<string, string> = {};
  for (const kv of values.input ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input "${kv}" must be NAME=VALUE`);
    const k = kv.slice(0, eq);
    if (Object.hasOwn(given, k)) throw new UsageError(`--input ${k} given twice`);
    given[k] = kv.slice(eq + 1);
  }
  const dryRun = !!values['dry-run'];
  const { plan: thePlan, redactor, warnings } = await prepareRun({ profile, environment, opsRoot: ops.root, runbook: positionals[0]!, inputs: given, dryRun });
  for (const w of warnings) process.stderr.write(`warning: ${terminalSafe(w)}\n`);
  const tty = !!process.stdin.isTTY && !!process.stderr.isTTY;
  // The one safety policy: read-only refuses a run that changes things; a protected one needs a change reference.
  const requirement = runStartRequirement(thePlan.runbook, environment, dryRun, { readonly: readOnlyRequested(values) });
  if (requirement.kind === 'refused') throw new UsageError(requirement.reason, 'a dry run (--dry-run) changes nothing and is allowed; in the console, :write leaves read-only mode (typed, audited)');
  if (values['confirm-env'] !== undefined && values['confirm-env'] !== environment.name) {
    throw new UsageError(`--confirm-env ${values['confirm-env']} does not match the environment ${environment.name}`, `type it exactly: --confirm-env ${environment.name}`);
  }
  let changeRef = values.change?.trim() || undefined;
  if (requirement.changeRef && !changeRef) {
    if (!tty) throw new UsageError(`environment ${environment.name} is protected: a change reference is required; pass --change REF (e.g. a ticket id)`);
    changeRef = (await askLine(`Environment ${environment.name} is protected. Change reference (ticket id): `, { terminal: true }))?.trim() || undefined;
    if (!changeRef) throw new UsageError('no change reference given: nothing was run');
  }

  const json = !!values.json;
  const out = (line: string): void => void writeSafe(process.stdout, line + '\n');
  if (!json) {
    // With --detach stdout carries only the run id (scripts capture it): the plan goes to stderr.
    const planOut = values.detach ? (l: string): void => void writeSafe(process.stderr, l + '\n') : out;
    planLines(thePlan, (s) => redactor.redact(s)).forEach(planOut);
    planOut('');
  }

  const reviewed = { runbook: thePlan.runbook, environmentVars: { ...environment.vars } };
  const indexOfStep = (id: string): number => thePlan.steps.findIndex((s) => s.step.id === id);
  if (!values.foreground) {
    const code = await startDetachedRun(ctx, {
      runbook: thePlan.runbook.name,
      inputs: given,
      dryRun,
      yes: !!values.yes,
      confirmEnv: values['confirm-env'],
      changeRef,
      // The runner refuses to start if the runbook changed since this plan was printed.
      reviewed,
      takeOver: !!values['take-over'],
      detach: !!values.detach,
      tty,
      attach: { json, render: (e) => eventLine(e, thePlan.steps.length, indexOfStep) },
    });
    return code;
  }

  // In-process (--foreground): the same lock, journal, audit and report as a detached run.
  const paths = createRun(thePlan.runbook.name);
  const runId = paths.runId;
  // status.json names this process (history tells running from interrupted); request.json lets
  // `opsdeck resume` continue the run in a detached runner if this console dies.
  writeStateJson(paths.status, { runId, state: 'running', clients: 0, updatedAt: Date.now(), ...currentStamp() });
  writeRunRequest(paths, { runId, opsDir: resolve(ops.root), profile: profile.name, environment: environment.name, runbook: thePlan.runbook.name, inputs: given, dryRun, yes: !!values.yes, confirmEnv: values['confirm-env'], changeRef, reviewed, interactive: tty, requestedBy: { user: safeUser(), host: hostname() } } satisfies RunRequest);
  const journal = new FsRunJournal(runId);
  const lockFile = lockPath(profile.name, environment.name);
  const audit = new AuditLog({ redactor });
  if (!dryRun) {
    acquireLock({
      file: lockFile, environment: environment.name, user: safeUser(), runbook: thePlan.runbook.name, runId, takeOverStale: !!values['take-over'],
      onTakeOver: (prev, won) => audit.append({ action: 'lock.takeover', profile: profile.name, environment: environment.name, runbook: thePlan.runbook.name, runId, outcome: won ? 'taken-over' : 'removed-stale', detail: `--take-over of a stale lock (holder dead, no process of its run left)${won ? '' : ' (removed it; another run took the lock first)'}: ${describeHolder(prev)}` }),
    });
  }
  const auditReq = { runbook: thePlan.runbook.name, changeRef, dryRun };
  const services = createRunbookServices(profile, environment, { controllers: await loadControllers(ctx) });
  const indexOf = (id: string): number => thePlan.steps.findIndex((s) => s.step.id === id);
  const user = safeUser();
  // Dry runs change nothing, so there is nothing to guard or to record evidence for.
  const guardCheck = dryRun ? undefined : await createGuardCheck(thePlan.runbook.guard, services.healthOf);
  const runner = new RunbookRunner(thePlan, {
    guardCheck,
    journal,
    confirmer: new HeadlessConfirmer({ yes: !!values.yes, confirmEnv: values['confirm-env'], tty }),
    services: services.actions,
    healthOf: services.healthOf,
    redactor,
    baseDir: profile.baseDir,
    stepEnv: standardStepEnv(),
    auditHead: dryRun ? undefined : () => audit.head(),
    meta: { profile: profile.name, user, host: hostname(), pid: process.pid, sudoUser: process.env.SUDO_USER, sshClient: process.env.SSH_CLIENT?.split(' ')[0], changeRef },
    onEvent: (e) => {
      auditEvent(audit, e, { profile, environment }, runId, auditReq);
      if (json) return out(jsonLine(runEventJson(e)));
      const line = eventLine(e, thePlan.steps.length, indexOf);
      if (line !== undefined) out(line);
    },
  });
  // Ctrl-C during a step asks whether to abort it; a second Ctrl-C while asking aborts.
  const onSigint = (): void => void runner.interrupt();
  // Terminated or hung up: kill the step's group (no orphans), let on_failure decide, start nothing new.
  const onTerm = (sig: NodeJS.Signals): void => runner.requestStop(`terminated by ${sig}`);
  // After a hang-up the terminal is gone: writing to it must not crash the run.
  const ignore = (): void => undefined;
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onTerm);
  let final;
  try {
    final = await runner.run();
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onTerm);
    await journal.close();
    await services.close();
    if (!dryRun) releaseLock(lockFile, runId);
    writeStateJson(paths.status, { runId, state: 'finished', clients: 0, updatedAt: Date.now(), ...currentStamp() });
    removeRunRequest(paths);
  }
  const report = writeReport(runId, process.env, redactor);
  if (!json) out(`Journal: ${runPaths(runId).journal}\nReport: ${report}`);
  if (final.outcome === 'stopped' && final.message) writeSafe(process.stderr, `opsdeck: run stopped: ${final.message}\n`);
  return final.outcome === 'succeeded' ? EXIT.ok : final.outcome === 'aborted' ? EXIT.userAbort : EXIT.failed;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}


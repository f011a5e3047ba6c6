// The console's runbook intents: list the runbooks of the current environment, list an input's
// choices (its `choices_from` argv, never a shell), preview the plan with estimates from past
// runs, start a run and hold its client, read past runs. No React; the screens call this only.
import { readRunRequest } from './run-request.js';
import { existsSync, readFileSync } from 'node:fs';
import { errorMessage, formatProblem } from '../../domain/errors.js';
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import { createRedactor, secretValuesFrom } from '../../domain/text/redaction.js';
import { dryRunOnlyReason, plan as makePlan, type Plan } from '../../domain/runbook/plan.js';
import type { PolicySession } from '../../domain/policy/action-policy.js';
import { runbookEnvironments, type Runbook } from '../../domain/runbook/runbook-model.js';
import { renderReport } from '../../domain/runbook/report.js';
import type { RunSummary } from '../../domain/runbook/run-summary.js';
import { loadRunbooks } from '../../adapters/fs/runbook-loader.js';
import { runPaths } from '../../adapters/fs/run-store.js';
import { readRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { stateDir } from '../../adapters/fs/state-dir.js';
import { currentOperator } from '../../adapters/system/process-identity.js';
import { connectRunClient, type RunClient } from './run-client.js';
import { startInProcessRun } from './in-process-run.js';
import { createRunbookServices, type RunbookServices } from './runbook-service-actions.js';
import { resolveChoices } from './input-choices.js';
import { attachRun, startDetachedRun } from './detached-run.js';
import { checkLockBeforeStart, spawnDetached } from './launch-run.js';
import { runCatalog } from './run-catalog.js';
import { RunsWatcher } from './runs-watcher.js';
import { createRunsStore, type RunsStore } from '../../state/runs-store.js';
import type { RunDigest } from '../../domain/runbook/run-digest.js';
import { leftoversError, runLeftovers } from './run-leftovers.js';
import type { RunRequest } from './run-request.js';
import { inspectLock, lockPath } from '../../adapters/fs/env-lock.js';
import { UsageError } from '../../domain/errors.js';
import { estimatesFrom } from '../../domain/runbook/run-estimates.js';
import { runbookChanges } from '../../domain/runbook/runbook-changes.js';
import { planChanged } from './run-setup.js';
import { maintenanceState, windowRule, type WindowRule } from '../maintenance/maintenance-desk.js';

/** A `require_window` run refused outside a window in a protected environment: nothing started. */
export class WindowRefusedError extends UsageError {}

export interface RunbookEntry {
  /** File name without .yaml: what `:run NAME` takes. */
  name: string;
  title: string;
  kind: string;
  runbook?: Runbook;
  /** Why it cannot run (invalid file), first problem. */
  problem?: string;
  last?: Pick<RunSummary, 'status' | 'durationMs' | 'startedAt' | 'runId'>;
}

export interface RunbookDesk {
  /** Runs go to a detached runner (they outlive the console). */
  readonly detached: boolean;
  /** Runbooks that may run in the current environment (invalid ones listed with their problem). */
  list(): RunbookEntry[];
  /** The valid runbooks of the current environment, without their last runs (for their triggers). */
  runbooks(): Runbook[];
  /**
   * Runs the `choices_from` commands (argv, 15 s limit) whose inputs are known from `given`; one
   * that names an input still empty is left out. A listing that fails is in `failed` (its
   * message by input name), so the form stays usable while the operator corrects an input.
   */
  choices(rb: Runbook, given?: Readonly<Record<string, string>>): Promise<{ choices: Record<string, string[]>; failed: Record<string, string> }>;
  /** The plan as the operator will see it at confirmation, with per-step estimates from past runs. */
  preview(rb: Runbook, inputs: Readonly<Record<string, string>>, dryRun: boolean): Plan;
  /**
   * A `require_window` runbook in the current environment right now: refused (why, and the next
   * window), warned, or inside which window. Undefined for a runbook not tied to a window.
   */
  windowRule(rb: Runbook): WindowRule | undefined;
  /**
   * Starts the run and connects to it; rejects (lock held, runner did not start) with a clear
   * message, and with WindowRefusedError when a `require_window` run is refused.
   */
  start(plan: Plan, changeRef?: string, options?: { takeOverStale?: boolean }): Promise<RunClient>;
  /** Attaches to a live detached run (started by any console on this host). */
  attach(runId: string): Promise<RunClient>;
  /** Restarts the runner of an interrupted run and attaches; the runner asks about the interrupted step. */
  resume(runId: string): Promise<RunClient>;
  /** Runs of this profile that are live (running / waiting) or interrupted (runner dead). */
  unfinished(): { runId: string; runbook: string; environment: string; live: 'running' | 'waiting' | 'interrupted'; detail?: string }[];
  /** The current environment's lock holder, if any (with "waiting for an operator"). */
  lockNote(): { text: string; shorter?: string[]; tone: 'info' | 'warn' | 'alert' } | undefined;
  /** The run this console started or attached to, while it is not finished. */
  active(): RunClient | undefined;
  /** The client of a run this console started (finished or not). */
  client(runId: string): RunClient | undefined;
  /** Past runs of this profile, newest first, current to the moment (the screens read `runs`). */
  history(limit?: number): RunDigest[];
  /** The runs on this host as the runs watcher last saw them; the header and history read it. */
  readonly runs: RunsStore;
  /** Asks the runs watcher for a refresh now (e.g. a screen opens); resolves when the store is current. */
  refreshRuns(): Promise<void>;
  /** The report of a run (report.md, or rendered from its journal). */
  runText(runId: string): string;
  reportPath(runId: string): string;
  /** Ends an in-process run's step (the console is closing). */
  dispose(): Promise<void>;
}

export interface RunbookDeskOptions {
  root: string;
  profile: Profile;
  environment: () => Environment;
  env?: NodeJS.ProcessEnv;
  /** For in-process runs. @default createRunbookServices */
  stepServices?: (profile: Profile, environment: Environment) => RunbookServices;
  /**
   * 'detached': runs go to `opsdeck __runner` (closing the console never stops them).
   * 'in-process': the runner lives in this process (tests, where there is no opsdeck entry point).
   * @default 'detached'
   */
  mode?: 'detached' | 'in-process';
  /** How often the runs watcher looks at the state dir besides run ends and refreshRuns(). @default 2000 */
  runsIntervalMs?: number;
  /** The console's mode now (read-only, :write): a run that changes things is refused in read-only mode. @default may change things */
  policySession?: () => PolicySession;
  /** Says something in the console's activity line (a question the runner withdrew). */
  note?: (level: 'info', message: string) => void;
}

const HISTORY_SCAN = 300;

export function createRunbookDesk(o: RunbookDeskOptions): RunbookDesk {
  const env = o.env ?? process.env;
  const operator = currentOperator(env);
  const stepServices = o.stepServices ?? ((p, e) => createRunbookServices(p, e, { stateDir: stateDir(env), env }));
  let current: { client: RunClient; finished: boolean; abort(): void; done: Promise<unknown> } | undefined;
  // A question withdrawn while its dialog was up (the step ended first): the dialog closes, this says why.
  const announceWithdrawn = (client: RunClient): void => {
    client.store.subscribe((st, prev) => {
      if (st.withdrawn && st.withdrawn !== prev.withdrawn) o.note?.('info', `abort not needed any more: ${st.withdrawn.reason}`);
    });
  };
  // A detached run is over for this console when its runner says goodbye (or the socket closes).
  const track = (client: RunClient): RunClient => {
    const entry = { client, finished: false, abort: () => client.abort(), done: Promise.resolve() };
    current = entry;
    announceWithdrawn(client);
    const check = (st: ReturnType<RunClient['store']['getState']>) => {
      if (entry.finished || !(st.connection === 'closed' || st.view?.outcome)) return;
      entry.finished = true;
      runEnded();
    };
    client.store.subscribe(check);
    return client;
  };

  const lockNote = (): ReturnType<RunbookDesk['lockNote']> => {
    const info = inspectLock(lockPath(o.profile.name, o.environment().name, env));
    if (!info) return undefined;
    const h = info.holder;
    // Shorter wordings for a crowded header (it shortens lower-priority parts first).
    if (info.stale) return { text: `STALE lock: ${h.runbook} run ${h.runId} (${h.user}@${h.host}, dead)`, shorter: [`STALE lock: ${h.runbook} run`, 'STALE lock'], tone: 'alert' };
    if (info.living.length) return { text: `lock: ${h.runbook} run ${h.runId}: runner dead, its step still runs`, shorter: [`lock: ${h.runbook} step still runs`, 'locked'], tone: 'alert' };
    if (h.waiting) return { text: `${h.runbook} run waiting for an operator (:attach)`, shorter: [`${h.runbook} waiting (:attach)`, 'run WAITING'], tone: 'alert' };
    return { text: `lock: ${h.user}@${h.host} ${h.runbook} since ${h.since.slice(11, 16)}Z`, shorter: [`lock: ${h.user}@${h.host} ${h.runbook}`, `lock: ${h.user}`, 'locked'], tone: 'warn' };
  };
  // Runs are read by a watcher into a store (never journal by journal on the render path).
  const catalog = runCatalog(env);
  const runs = createRunsStore();
  const watcher = new RunsWatcher({ catalog, store: runs, profile: o.profile.name, lockNote, env, intervalMs: o.runsIntervalMs });
  watcher.start();
  // A run this console started or attached to has ended: its journal says so now, so the header
  // and the history should too (not at the next tick).
  function runEnded(): void {
    void watcher.refreshNow();
  }

  // For one-off reads (runbook list, plan estimates): current to the moment, and cheap at any
  // history size: the directory listing, plus the journals of new and unfinished runs (a
  // finished run's journal does not change; the watcher re-stats those a slice at a time).
  const history = (limit = HISTORY_SCAN): RunDigest[] => {
    try {
      const all = catalog.listSync({ restat: (_id, cached) => cached.digest.status === 'unfinished' });
      const out: RunDigest[] = [];
      for (let i = all.length - 1; i >= 0 && out.length < limit; i--) if (all[i]!.digest.profile === o.profile.name) out.push(all[i]!.digest);
      return out;
    } catch {
      return [];
    }
  };

  const runsHere = (rb: Runbook) => runbookEnvironments(rb, Object.keys(o.profile.environments)).includes(o.environment().name);

  return {
    detached: (o.mode ?? 'detached') === 'detached',
    list() {
      const environment = o.environment();
      const past = history();
      return loadRunbooks(o.root, o.profile).flatMap((l): RunbookEntry[] => {
        const rb = l.runbook;
        if (rb && !runsHere(rb)) return [];
        const last = past.find((s) => s.runbook === (rb?.name ?? l.name) && s.environment === environment.name);
        return [{
          name: l.name,
          title: rb?.title ?? l.name,
          kind: rb?.kind ?? '?',
          runbook: rb,
          problem: rb ? undefined : l.problems[0] ? formatProblem(l.problems[0]) : 'invalid runbook',
          last: last && { status: last.status, durationMs: last.durationMs, startedAt: last.startedAt, runId: last.runId },
        }];
      });
    },
    // Without the history: reading it whole right after the first frame, for triggers that
    // never look at it, blocked the console ~50 ms with 5,000 past runs (bench runs-history).
    runbooks: () => loadRunbooks(o.root, o.profile).flatMap((l) => (l.runbook && runsHere(l.runbook) ? [l.runbook] : [])),
    // The engine's own choices_from (argv expanded per element, never a shell, 15 s limit).
    choices: async (rb, given = {}) => {
      const failed: Record<string, string> = {};
      const choices = await resolveChoices(rb, given, o.profile.baseDir, o.environment().vars, 15_000, { skipUnfilled: true, failed });
      return { choices, failed };
    },
    preview(rb, inputs, dryRun) {
      const environment = o.environment();
      const past = history().filter((s) => s.runbook === rb.name && s.environment === environment.name);
      return makePlan(rb, environment, inputs, { dryRun, estimates: estimatesFrom(past) });
    },
    windowRule(rb) {
      if (!rb.requireWindow) return undefined;
      const environment = o.environment();
      return windowRule(maintenanceState({ profile: o.profile, env }, environment.name), environment, rb.name);
    },
    async start(plan, changeRef, options = {}) {
      if (current && !current.finished) throw new UsageError(`run ${current.client.runId} is still going: finish it first`);
      // The one policy: read-only lets a dry run start, never a run that changes things.
      const onlyDry = plan.dryRun ? undefined : dryRunOnlyReason(plan.runbook, plan.environment, o.policySession?.());
      if (onlyDry) throw new UsageError(onlyDry, 'a dry run (d on the plan) changes nothing and may start; :write leaves read-only mode (typed, audited)');
      // The same rule the runner applies, before anything starts (in-process runs have no runner
      // to apply it, and a detached one refused reads as a failed start).
      if (plan.runbook.requireWindow && !plan.dryRun) {
        const rule = windowRule(maintenanceState({ profile: o.profile, env }, plan.environment.name), plan.environment, plan.runbook.name);
        if (rule.refuse) throw new WindowRefusedError(rule.refuse, 'a dry run (d) is allowed outside a window');
      }
      // What runs is what was reviewed: a runbook edited while its plan was on screen is refused
      // here (the runner checks again, closing the gap until it reads the file).
      const now = loadRunbooks(o.root, o.profile).find((l) => l.runbook?.name === plan.runbook.name)?.runbook;
      const changes = now ? runbookChanges(plan.runbook, now) : ['the runbook file is gone or no longer valid'];
      if (changes.length) throw planChanged(plan.runbook, changes);
      if ((o.mode ?? 'detached') === 'detached') {
        checkLockBeforeStart(o.profile.name, plan.environment.name, { dryRun: plan.dryRun, takeOverStale: options.takeOverStale, env, attachHint: (id) => `:attach ${id}` });
        const file = loadRunbooks(o.root, o.profile).find((l) => l.runbook === plan.runbook || l.runbook?.name === plan.runbook.name)?.name ?? plan.runbook.name;
        const client = await startDetachedRun({ plan, opsDir: o.root, profile: o.profile.name, runbook: file, changeRef, takeOverStale: options.takeOverStale, operator, env });
        return track(client);
      }
      const services = stepServices(o.profile, plan.environment);
      const secrets = [...secretValuesFrom(o.profile.secrets, env), ...plan.secretInputs.map((n) => plan.inputs[n])];
      let run;
      try {
        run = startInProcessRun({
          plan, profile: o.profile.name, changeRef, services: services.actions, healthOf: services.healthOf,
          redactor: createRedactor(secrets), baseDir: o.profile.baseDir, operator, env,
        });
      } catch (e) {
        void services.close();
        throw e;
      }
      const client = connectRunClient(run.runId, run.channel, { user: operator.user, host: operator.host, sshClient: operator.sshClient, tty: true });
      client.store.getState().patch({ reportPath: run.reportPath });
      announceWithdrawn(client);
      const entry = { client, finished: false, abort: run.abortNow, done: run.done };
      current = entry;
      void run.done.catch(() => undefined).finally(() => {
        entry.finished = true;
        runEnded();
        void services.close();
      });
      return client;
    },
    // The run this console still holds (an in-process run it stepped away from): the same
    // client, never a second connection that would only watch while the first one answers.
    attach: async (runId) => (current && !current.finished && current.client.runId === runId ? current.client : track(await attachRun(runId, operator, env))),
    async resume(runId) {
      const p = runPaths(runId, env);
      const request = readRunRequest(p, env);
      if (!request) throw new UsageError(`run ${runId} cannot be resumed: its request file is gone`);
      const stillRunning = runLeftovers(runId);
      if (stillRunning.length > 0) throw leftoversError(runId, stillRunning);
      spawnDetached(p, { ...request, interactive: true, awaitClient: true, resume: { by: `${operator.user}@${operator.host}` } } satisfies RunRequest, env);
      return track(await attachRun(runId, operator, env));
    },
    unfinished: () => [...runs.getState().unfinished],
    lockNote: () => (runs.getState().loaded ? runs.getState().lock : lockNote()),
    active: () => (current && !current.finished ? current.client : undefined),
    client: (runId) => (current?.client.runId === runId ? current.client : undefined),
    history: (limit) => history(limit),
    runs,
    refreshRuns: () => watcher.refreshNow(),
    runText(runId) {
      const p = runPaths(runId, env);
      // Masked on read too: a report or journal written by an older opsdeck can hold raw secrets.
      const { redact } = createRedactor(secretValuesFrom(o.profile.secrets, env));
      try {
        if (existsSync(p.report)) return redact(readFileSync(p.report, 'utf8'));
        return redact(renderReport(readRunJournal(runId, env).records));
      } catch (e) {
        return `cannot read run ${runId}: ${errorMessage(e)}`;
      }
    },
    reportPath: (runId) => runPaths(runId, env).report,
    async dispose() {
      await watcher.stop();
      if ((o.mode ?? 'detached') === 'detached') {
        // The run goes on without us: stop answering, leave it waiting for the next console.
        if (current && !current.finished) current.client.detach();
        return;
      }
      if (current && !current.finished) {
        current.abort();
        await Promise.race([current.done.catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
      }
    },
  };
}

export { StaleLockError } from './launch-run.js';

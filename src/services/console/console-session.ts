// The console's session: one profile, one environment at a time. It owns the health store and
// monitor, the lifecycle, and the activity store; the UI sends it intents and reads its stores.
// No React here, so the same session can serve a headless front end.
import { hostname, userInfo } from 'node:os';
import { errorMessage } from '../../domain/errors.js';
import type { Environment, Profile, Service } from '../../domain/profile/profile-model.js';
import { pickEnvironment } from '../../domain/profile/pick-environment.js';
import { createHealthStore, type HealthStore } from '../../state/health-store.js';
import { createActivityStore, type ActivityStore } from '../../state/activity-store.js';
import type { OpsDir } from '../../adapters/fs/ops-dir.js';
import type { ConsoleSession, ServiceAction } from './console-session-types.js';
import { openLogFeed, type LogFeed } from '../logs/log-feed.js';
import { createRunbookDesk } from '../runs/runbook-desk.js';
import { startIncidentWatch } from '../incidents/incident-watch.js';
import { startTriggerWatch, type TriggerWatch } from '../incidents/trigger-watch.js';
import { startMaintenanceWatch } from '../maintenance/maintenance-watch.js';
import { runEnvCheck } from '../env/env-check.js';
import { drReport } from '../runs/dr-readiness.js';
import { defaultSessionDeps, type SessionDeps, type SessionRuntime } from './console-session-deps.js';
import { createAccessStore } from '../../state/access-store.js';
import { readOnlyReason, requirementFor, type PolicyAction } from '../../domain/policy/action-policy.js';
import type { Confirmer } from '../../ports/confirmer.js';
import { AuditLog } from '../../adapters/fs/audit-log.js';
import { askPolicy } from './ask-policy.js';
import { confirmLifecycle } from '../lifecycle/lifecycle-guard.js';
import { createStatsFollows } from './stats-follows.js';
import { announceFeedNotices } from './feed-notices.js';

export type { ConsoleSession, ServiceAction } from './console-session-types.js';

export interface ConsoleSessionOptions {
  ops: OpsDir;
  profile: Profile;
  /** Environment name; the first declared one when omitted. */
  environment?: string;
  env?: NodeJS.ProcessEnv;
  /** Starts stopped process services of an unprotected environment (the embedded demo). @default profile.name === 'demo' */
  autoStart?: boolean;
  /** Where runs execute: a detached runner (default), or in this process (component tests). */
  runMode?: 'detached' | 'in-process';
  /** --readonly / OPSDECK_READONLY=1. @default false */
  readonly?: boolean;
}

export function createConsoleSession(options: ConsoleSessionOptions, deps: SessionDeps = defaultSessionDeps): ConsoleSession {
  const { profile } = options;
  const envName = options.environment ?? Object.keys(profile.environments)[0]!;
  const health: HealthStore = createHealthStore(envName);
  const activity: ActivityStore = createActivityStore();
  const identity = `${safeUser()}@${hostname()}`;
  let environment = pickEnvironment(profile, envName);
  let runtime: SessionRuntime | undefined;
  let disposed = false;
  const pending = new Set<AbortController>();
  const feeds = new Set<LogFeed>();
  const autoStart = options.autoStart ?? profile.name === 'demo';
  const access = createAccessStore(!!options.readonly);
  let confirmer: Confirmer | undefined;
  const requirement = (action: PolicyAction) => requirementFor(action, environment, access.getState());

  const open = (env: Environment) => {
    health.getState().reset(env.name, {});
    runtime = deps.open({ profile, environment: env, health, env: options.env ?? process.env });
  };
  const statsFollows = createStatsFollows(health);
  const stopAnnouncing = announceFeedNotices(health, activity);
  const close = async () => {
    statsFollows.closeAll();
    const r = runtime;
    runtime = undefined;
    await r?.close();
  };
  open(environment);
  const runbooks = createRunbookDesk({ root: options.ops.root, profile, environment: () => environment, env: options.env, mode: options.runMode, policySession: () => access.getState(), note: (level, message) => activity.getState().add(level, message) });
  // Reading the runbooks must not stop the console: without them, no log trigger is followed.
  const validRunbooks = () => {
    try {
      return runbooks.runbooks();
    } catch {
      return [];
    }
  };
  const maintenance = startMaintenanceWatch(profile, () => environment.name, options.env);
  // The runbooks (a YAML file each to parse and validate) and the log feed their triggers follow
  // are not needed for the console's first frame: they are read once that frame is out.
  const triggers: TriggerWatch = startTriggerWatch((services) => openLogFeed(profile, environment.name, services, { env: options.env, tail: 200 }), []);
  const firstTriggers = setTimeout(() => triggers.reload(validRunbooks()), 0);

  const session: ConsoleSession = {
    profile,
    health,
    activity,
    identity,
    environments: () => Object.values(profile.environments),
    currentEnvironment: () => environment,
    switchEnvironment(name) {
      const next = pickEnvironment(profile, name);
      if (next.name === environment.name) return;
      for (const c of pending) c.abort();
      void close();
      environment = next;
      open(next);
      triggers.reload(validRunbooks());
      maintenance.refresh();
      activity.getState().add('info', `environment ${next.name}${next.protected ? ' (PROTECTED: actions need the typed environment name)' : ''}`);
      // Each unprotected environment of the demo starts its own services (autoStartDemo refuses a protected one).
      if (autoStart) void autoStartDemo(session, () => runtime, () => environment, () => disposed);
    },
    actionsFor(name) {
      const service = profile.services[name];
      return service && runtime ? runtime.actionsFor(service) : [];
    },
    followStats(name) {
      const service = profile.services[name];
      const r = runtime;
      if (!service || !r || disposed) return () => undefined;
      return statsFollows.follow(name, (onStats, signal) => r.followStats?.(service, onStats, signal) ?? false);
    },
    async serviceStatus(name) {
      const service = profile.services[name];
      return service && runtime ? runtime.status(service).catch(() => undefined) : undefined;
    },
    // The headless equivalent, including the confirmation a protected environment demands.
    commandFor: (name, action) => ['opsdeck', action, name, '--env', environment.name, ...(environment.protected ? ['--confirm-env', environment.name] : [])],
    async serviceAction(name, action) {
      const service = profile.services[name];
      const r = runtime;
      const act = activity.getState();
      if (!service || !r || !r.actionsFor(service).includes(action)) {
        act.add('error', `${name}: ${action} is not available for this service`, name);
        return false;
      }
      const env = environment;
      const asked = requirement({ dangerous: true, label: `${action} ${name}` });
      const answer = await confirmLifecycle({ action, services: [name], profile, environment: env, env: options.env }, asked, {
        prompt: `${action} ${name} in ${env.name}?`, command: session.commandFor(name, action).join(' '),
      }, confirmer);
      if (!answer.ok) {
        act.add(answer.reason === 'cancelled' ? 'info' : 'error', `${name}: ${action} not done: ${answer.reason ?? 'cancelled'}`, name);
        return false;
      }
      if (environment !== env || disposed) return false;
      const controller = new AbortController();
      pending.add(controller);
      act.setBusy(name, action);
      act.add('progress', `${verb(action)} ${name}…`, name);
      const started = Date.now();
      try {
        const perInstance = await r.run(action, service, controller.signal, (message) => activity.getState().add('progress', message, name), answer.record);
        activity.getState().add('ok', `${name}: ${action} done in ${((Date.now() - started) / 1000).toFixed(1)}s${perInstance ? `: ${perInstance}` : ''}`, name);
        return true;
      } catch (e) {
        if (!disposed) activity.getState().add('error', `${name}: ${action} failed: ${errorMessage(e)}`, name);
        return false;
      } finally {
        pending.delete(controller);
        activity.getState().setBusy(name, undefined);
      }
    },
    note: (level, message, service) => activity.getState().add(level, message, service),
    access,
    requirement,
    readOnlyReason: () => readOnlyReason(environment, access.getState()),
    setConfirmer(c) {
      confirmer = c;
    },
    async escalate() {
      const st = access.getState();
      if (!st.readonly && !Object.values(profile.environments).some((e) => e.readonly)) {
        activity.getState().add('info', 'not read-only: nothing to escalate');
        return false;
      }
      if (st.escalated) return true;
      const env = environment;
      const answer = await askPolicy({
        requirement: { kind: 'typed', expected: env.name, changeRef: false }, purpose: 'write', environment: env.name, protected: env.protected,
        prompt: `Leave read-only mode for the rest of this console's life (every environment)?`,
      }, confirmer);
      new AuditLog({ env: options.env }).append({ action: 'console.write', profile: profile.name, environment: env.name, confirmation: answer.record, outcome: answer.ok ? 'ok' : 'refused', ...(answer.reason ? { detail: answer.reason } : {}) });
      if (!answer.ok) {
        activity.getState().add(answer.reason === 'cancelled' ? 'info' : 'error', `still read-only: ${answer.reason ?? 'cancelled'}`);
        return false;
      }
      access.getState().escalate(identity);
      activity.getState().add('ok', `WRITE mode: changes are offered again until this console closes (audited)`);
      return true;
    },
    openLogs(services) {
      const feed = openLogFeed(profile, environment.name, services, { env: options.env });
      feeds.add(feed);
      return { store: feed.store, close: () => (feeds.delete(feed), feed.close()) };
    },
    incidents: startIncidentWatch({ profile, env: options.env, health, onError: (m) => activity.getState().add('error', m) }),
    runbooks,
    triggers,
    maintenance,
    envCheck: () => runEnvCheck(profile, environment, options.env ?? process.env),
    dr: () => drReport(options.ops.root, profile, environment, options.env ?? process.env),
    async dispose() {
      if (disposed) return;
      disposed = true;
      clearTimeout(firstTriggers);
      for (const c of pending) c.abort();
      for (const f of feeds) f.close();
      stopAnnouncing();
      session.incidents.close();
      triggers.close();
      maintenance.close();
      await session.runbooks.dispose();
      await close();
    },
  };

  if (options.ops.embedded) session.note('info', `no ops repo here (no profiles/, --dir or OPSDECK_DIR): showing the embedded demo`);
  if (autoStart) void autoStartDemo(session, () => runtime, () => environment, () => disposed);
  return session;
}

/**
 * The embedded demo starts its own services so a newcomer sees a live console at once. Never
 * in a protected environment, never silently: the status line says what is being started.
 */
async function autoStartDemo(session: ConsoleSession, runtime: () => SessionRuntime | undefined, env: () => Environment, disposed: () => boolean): Promise<void> {
  const r = runtime();
  if (!r) return;
  const stopped: Service[] = [];
  for (const s of Object.values(session.profile.services)) {
    if (s.provider.kind !== 'process' || !r.actionsFor(s).includes('start')) continue;
    if (!(await r.isRunning(s).catch(() => true))) stopped.push(s);
  }
  if (stopped.length === 0 || disposed() || runtime() !== r) return;
  if (session.readOnlyReason()) return;
  if (env().protected) {
    session.note('info', `${env().name} is protected: its ${stopped.length} stopped services are not started automatically (open one, press s)`);
    return;
  }
  session.note('info', `demo: starting ${stopped.map((s) => s.name).join(', ')} (stop them with: opsdeck stop --all)`);
  try {
    await r.startAll(stopped, (m) => session.note('progress', m));
    if (!disposed()) session.note('ok', `demo: started ${stopped.map((s) => s.name).join(', ')} — opsdeck stop --all stops them`);
  } catch (e) {
    if (!disposed()) session.note('error', `demo: could not start the services: ${errorMessage(e)}`);
  }
}

const verb = (a: ServiceAction) => ({ start: 'starting', stop: 'stopping', restart: 'restarting' })[a];

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

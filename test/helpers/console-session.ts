// A console session for component tests: the real session and stores, with the runtime (monitor
// + lifecycle) replaced by one that records the UI's intents. The tests drive health through
// the real health store, as the monitor would.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProfileFile } from '../../src/adapters/fs/profile-loader.js';
import type { Profile, Service } from '../../src/domain/profile/profile-model.js';
import type { ServiceHealth, HealthState, RunState } from '../../src/domain/health/health-model.js';
import { createConsoleSession } from '../../src/services/console/console-session.js';
import type { ConsoleSession, ServiceAction } from '../../src/services/console/console-session-types.js';
import type { SessionDeps } from '../../src/services/console/console-session-deps.js';

export const CONSOLE_FIXTURES = fileURLToPath(new URL('../fixtures/console', import.meta.url));

export function shopProfile(root = CONSOLE_FIXTURES): Profile {
  const loaded = loadProfileFile(join(root, 'profiles', 'shop.yaml'));
  if (!loaded.profile) throw new Error(`fixture broken: ${JSON.stringify(loaded.problems)}`);
  return loaded.profile;
}

export interface RecordedAction {
  action: ServiceAction;
  service: string;
  environment: string;
}

export function recordingSession(profile = shopProfile(), environment?: string, options: { readonly?: boolean; env?: NodeJS.ProcessEnv } = {}): { session: ConsoleSession; actions: RecordedAction[]; opened: string[]; closed: string[] } {
  const actions: RecordedAction[] = [];
  const opened: string[] = [];
  const closed: string[] = [];
  const deps: SessionDeps = {
    open: ({ environment: env }) => {
      opened.push(env.name);
      return {
        actionsFor: (s: Service) => (s.provider.kind === 'process' ? ['start', 'stop', 'restart'] : []),
        isRunning: async () => true,
        status: async (s: Service) => (s.provider.kind === 'process' ? { run: 'running' as const, pid: 4242, detail: 'pid 4242 since 2026-01-01T00:00:00Z by ops@test', logFile: `/state/${s.name}.log` } : undefined),
        run: async (action, service) => {
          actions.push({ action, service: service.name, environment: env.name });
        },
        startAll: async () => {},
        close: async () => {
          closed.push(env.name);
        },
      };
    },
  };
  const session = createConsoleSession({ ops: { root: CONSOLE_FIXTURES, embedded: false }, profile, environment, autoStart: false, ...options }, deps);
  return { session, actions, opened, closed };
}

/** A health entry as the monitor would write it. */
export function healthOf(service: string, state: HealthState, extra: Partial<ServiceHealth> = {}): ServiceHealth {
  const run: RunState = state === 'stopped' ? 'stopped' : 'running';
  return { service, state, run, checks: [], blockedBy: [], latencyMs: state === 'unhealthy' ? undefined : 12, lastCheckAt: Date.now(), ...extra };
}

// Wires a HealthMonitor with the real probers (http, tcp, command) for a profile's environment:
// what the TUI, `opsdeck status`, lifecycle and runbooks use unless a test injects its own. What
// it observes is also recorded in the environment's open incidents (health-observer.ts).
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import { createProber } from '../../adapters/health/composite-prober.js';
import type { HealthStore } from '../../state/health-store.js';
import { HealthMonitor, type HealthMonitorOptions, type ServiceControllers } from './health-monitor.js';
import { createRedactor, secretValuesFrom } from '../../domain/text/redaction.js';
import { incidentHealthObserver } from '../incidents/health-observer.js';

export function createHealthMonitor(options: {
  profile: Profile;
  environment: Environment;
  controllers?: ServiceControllers;
  store?: HealthStore;
  /** Whose state dir holds the incidents its observations are recorded in. @default process.env */
  stateEnv?: NodeJS.ProcessEnv;
} & Partial<Omit<HealthMonitorOptions, 'profile' | 'environment' | 'controllers' | 'store'>>): HealthMonitor {
  // Check errors echo what services answer: masked before any store, screen or output sees them.
  const redactor = options.redactor ?? createRedactor(secretValuesFrom(options.profile.secrets, process.env));
  const onSnapshot = options.onSnapshot ?? incidentHealthObserver({ profile: options.profile, environment: options.environment.name, env: options.stateEnv });
  return new HealthMonitor({ prober: createProber({ baseDir: options.profile.baseDir, redactor }), redactor, ...options, onSnapshot });
}

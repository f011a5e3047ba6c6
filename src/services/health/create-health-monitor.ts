// Wires a HealthMonitor with the real probers (http, tcp, command) for a profile's environment:
// what the TUI, `opsdeck status`, lifecycle and runbooks use unless a test injects its own.
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import { createProber } from '../../adapters/health/composite-prober.js';
import type { HealthStore } from '../../state/health-store.js';
import { HealthMonitor, type HealthMonitorOptions, type ServiceControllers } from './health-monitor.js';
import { createRedactor, secretValuesFrom } from '../../domain/text/redaction.js';

export function createHealthMonitor(options: {
  profile: Profile;
  environment: Environment;
  controllers?: ServiceControllers;
  store?: HealthStore;
} & Partial<Omit<HealthMonitorOptions, 'profile' | 'environment' | 'controllers' | 'store'>>): HealthMonitor {
  // Check errors echo what services answer: masked before any store, screen or output sees them.
  const redactor = options.redactor ?? createRedactor(secretValuesFrom(options.profile.secrets, process.env));
  return new HealthMonitor({ prober: createProber({ baseDir: options.profile.baseDir, redactor }), redactor, ...options });
}

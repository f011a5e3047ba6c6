// Wires a HealthMonitor with the real probers (http, tcp, command) for a profile's environment:
// what the TUI, `opsdeck status`, lifecycle and runbooks use unless a test injects its own.
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import { createProber } from '../../adapters/health/composite-prober.js';
import type { HealthStore } from '../../state/health-store.js';
import { HealthMonitor, type HealthMonitorOptions, type ServiceControllers } from './health-monitor.js';

export function createHealthMonitor(options: {
  profile: Profile;
  environment: Environment;
  controllers?: ServiceControllers;
  store?: HealthStore;
} & Partial<Omit<HealthMonitorOptions, 'profile' | 'environment' | 'controllers' | 'store'>>): HealthMonitor {
  return new HealthMonitor({ prober: createProber({ baseDir: options.profile.baseDir }), ...options });
}

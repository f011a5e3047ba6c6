// What the console UI may ask of a session: intents in, stores out. No React, no adapters.
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import type { HealthStore } from '../../state/health-store.js';
import type { ActivityLevel, ActivityStore } from '../../state/activity-store.js';
import type { RunbookDesk } from '../runs/runbook-desk.js';
import type { ServiceStatus } from '../../ports/service-controller.js';
import type { Confirmer } from '../../ports/confirmer.js';
import type { PolicyAction, Requirement } from '../../domain/policy/action-policy.js';
import type { AccessStore } from '../../state/access-store.js';

export type ServiceAction = 'start' | 'stop' | 'restart';

import type { LogFeed } from '../logs/log-feed.js';
import type { IncidentWatch } from '../incidents/incident-watch.js';
import type { TriggerWatch } from '../incidents/trigger-watch.js';
import type { MaintenanceWatch } from '../maintenance/maintenance-watch.js';
import type { EnvCheckReport } from '../env/env-check.js';
import type { DrReport } from '../runs/dr-readiness.js';

export interface ConsoleSession {
  readonly profile: Profile;
  /** Live health of the current environment (its `environment` field names it). */
  readonly health: HealthStore;
  readonly activity: ActivityStore;
  /** "user@host", for the header and the audit trail. */
  readonly identity: string;
  environments(): Environment[];
  currentEnvironment(): Environment;
  /** Stops the old monitor, resets the store, starts monitoring `name`. Throws UsageError on an unknown name. */
  switchEnvironment(name: string): void;
  /** Only what the service's provider supports (none for external services). */
  actionsFor(service: string): ServiceAction[];
  /** The provider's view (pid, since, by whom, where its output goes); undefined for external services. */
  serviceStatus(service: string): Promise<ServiceStatus | undefined>;
  /**
   * Follows the service's CPU and memory into the health store's instance stats (Docker: the
   * stats stream of each running container; read them with serviceInstances()) until the
   * returned release is called; a no-op for providers without stats.
   */
  followStats(service: string): () => void;
  /** The equivalent headless command, shown beside the action. */
  commandFor(service: string, action: ServiceAction): string[];
  /**
   * Asks what the safety policy requires (through the registered Confirmer), then runs the
   * action, reporting progress to `activity`; resolves true on success, never throws.
   */
  serviceAction(service: string, action: ServiceAction): Promise<boolean>;
  /** Read-only mode and its `:write` escalation. */
  readonly access: AccessStore;
  /** What `action` needs in the current environment (the one safety policy). */
  requirement(action: PolicyAction): Requirement;
  /** Why nothing that changes anything is offered now, or undefined. */
  readOnlyReason(): string | undefined;
  /** `:write`: a typed confirmation through the Confirmer, audited; lasts the console's lifetime. */
  escalate(): Promise<boolean>;
  /** The UI registers how it asks the operator (its confirm dialog). */
  setConfirmer(confirmer: Confirmer | undefined): void;
  note(level: ActivityLevel, message: string, service?: string): void;
  /** Follows the logs of `services` in the current environment; close() it with the screen. */
  openLogs(services: readonly string[]): LogFeed;
  /** Runbooks of the current environment, runs and their history. */
  readonly runbooks: RunbookDesk;
  /** Open incidents of the current environment (any console or shell on the host), and the intents on them. */
  readonly incidents: IncidentWatch;
  /** Log triggers of the environment's runbooks, followed live (fired ones sort first). */
  readonly triggers: TriggerWatch;
  /** The current environment's active and next maintenance window. */
  readonly maintenance: MaintenanceWatch;
  /** The current environment's variables checked (env check); never holds a value. */
  envCheck(): EnvCheckReport;
  /** Backup age against the RPO and the last restore against the RTO, from the run history. */
  dr(): DrReport;
  /** Releases every timer, socket and child the session owns. Idempotent. */
  dispose(): Promise<void>;
}

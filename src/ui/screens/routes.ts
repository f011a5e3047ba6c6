// The console's routes. A new screen adds its route here and its entry in screens/registry.tsx.

export type Route =
  | { name: 'services' }
  | { name: 'service'; service: string }
  /** `service` "*": every service merged. */
  | { name: 'logs'; service: string }
  | { name: 'runbooks' }
  | { name: 'runbook-inputs'; runbook: string }
  | { name: 'runbook-plan'; runbook: string; inputs: Readonly<Record<string, string>>; changeRef?: string }
  | { name: 'run'; runId: string }
  | { name: 'history' }
  | { name: 'history-run'; runId: string };

export type RouteName = Route['name'];

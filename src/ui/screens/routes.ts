// The console's routes. A new screen adds its route here and its entry in screens/registry.tsx.

export type Route =
  | { name: 'services' }
  | { name: 'service'; service: string }
  /** `service` "*": every service merged. */
  | { name: 'logs'; service: string }
  | { name: 'runbooks' }
  /** `prefill`: values for inputs named after the service or environment (a matching runbook). */
  | { name: 'runbook-inputs'; runbook: string; prefill?: Readonly<Record<string, string>> }
  | { name: 'runbook-plan'; runbook: string; inputs: Readonly<Record<string, string>>; changeRef?: string }
  | { name: 'run'; runId: string }
  | { name: 'history' }
  | { name: 'history-run'; runId: string }
  | { name: 'incidents' }
  | { name: 'incident'; id: string }
  | { name: 'incident-start' }
  | { name: 'env-check' }
  /** One line of text for an incident: a note, the commander's name, the resolution summary. */
  | { name: 'incident-text'; id: string; purpose: 'note' | 'assign' | 'resolve' };

export type RouteName = Route['name'];

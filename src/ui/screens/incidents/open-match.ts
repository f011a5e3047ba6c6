// Enter on a matching runbook: its inputs form, with the service and environment prefilled.
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { Navigation } from '../../app-context.js';
import { prefillInputs, type RunbookMatch } from '../../../domain/runbook/triggers.js';

export function openMatch(session: ConsoleSession, nav: Navigation, match: RunbookMatch | undefined, service: string | undefined): void {
  if (!match) {
    session.note('info', `no runbook for ${service ?? 'this'} (runbooks declare services: and triggers:)`);
    return;
  }
  const svc = match.runbook.services.includes(service ?? '') ? service : (match.runbook.services[0] ?? service);
  nav.push({ name: 'runbook-inputs', runbook: match.runbook.name, prefill: prefillInputs(match.runbook, svc, session.currentEnvironment().name) });
}

// Every console screen: its title, key table (footer and help come from it) and component.
// A new screen: add its route to routes.ts and an entry here; push it with nav.push(route).
import type { ReactNode } from 'react';
import type { KeyTable } from '../keys/key-table.js';
import type { ConsoleSession } from '../../services/console/console-session-types.js';
import type { Route, RouteName } from './routes.js';
import { ServicesScreen } from './services/services-screen.js';
import { SERVICES_KEYS } from './services/services-keys.js';
import { ServiceScreen } from './service/service-screen.js';
import { serviceKeysFor } from './service/service-keys.js';
import { ConsoleLogsScreen } from './logs/console-logs-screen.js';
import { LOGS_KEYS } from './logs/logs-keys.js';
import { RunbooksScreen } from './runbooks/runbooks-screen.js';
import { InputsScreen } from './runbooks/inputs-screen.js';
import { PlanScreen } from './runbooks/plan-screen.js';
import { RunScreen } from './runbooks/run-screen.js';
import { HISTORY_KEYS, INPUTS_KEYS, PLAN_KEYS, REPORT_KEYS, RUNBOOK_LIST_KEYS, RUN_KEYS, SAFE_PLAN_KEYS } from './runbooks/runbooks-keys.js';
import { HistoryScreen } from './history/history-screen.js';
import { ReportScreen } from './history/report-screen.js';
import { IncidentsScreen } from './incidents/incidents-screen.js';
import { IncidentScreen } from './incidents/incident-screen.js';
import { IncidentStartScreen } from './incidents/incident-start-screen.js';
import { IncidentTextScreen } from './incidents/incident-text-screen.js';
import { EnvCheckScreen, ENV_CHECK_KEYS } from './incidents/env-check-screen.js';
import { INCIDENT_KEYS, INCIDENT_START_KEYS, INCIDENT_TEXT_KEYS, INCIDENTS_KEYS } from './incidents/incident-keys.js';

export interface ScreenDef<R extends Route = Route> {
  title(route: R): string;
  /** The table the screen registers; the footer and `?` help are generated from it. */
  keys(route: R, session: ConsoleSession): KeyTable;
  /** `active` is false while another screen is on top: it stays mounted (keeps its state) but hidden. Modals sit above it as exclusive key layers. */
  render(route: R, active: boolean): ReactNode;
}

type Registry = { [N in RouteName]: ScreenDef<Extract<Route, { name: N }>> };

export const SCREENS: Registry = {
  services: {
    title: () => 'Services',
    keys: () => SERVICES_KEYS,
    render: (_r, active) => <ServicesScreen active={active} />,
  },
  service: {
    title: (r) => `Service ${r.service}`,
    keys: (r, session) => serviceKeysFor(session.actionsFor(r.service)),
    render: (r, active) => <ServiceScreen key={r.service} name={r.service} active={active} />,
  },
  logs: {
    title: (r) => (r.service === '*' ? 'Logs (all services)' : `Logs ${r.service}`),
    keys: () => LOGS_KEYS,
    render: (r, active) => <ConsoleLogsScreen key={r.service} service={r.service} active={active} />,
  },
  runbooks: {
    title: () => 'Runbooks',
    keys: () => RUNBOOK_LIST_KEYS,
    render: (_r, active) => <RunbooksScreen active={active} />,
  },
  'runbook-inputs': {
    title: (r) => `Inputs of ${r.runbook}`,
    keys: () => INPUTS_KEYS,
    render: (r, active) => <InputsScreen key={r.runbook} runbook={r.runbook} prefill={r.prefill} active={active} />,
  },
  'runbook-plan': {
    title: (r) => `Plan of ${r.runbook}`,
    // Read-only mode starts only runs that change nothing (dry runs, runbooks that only read).
    keys: (_r, session) => (session.readOnlyReason() ? SAFE_PLAN_KEYS : PLAN_KEYS),
    render: (r, active) => <PlanScreen runbook={r.runbook} inputs={r.inputs} changeRef={r.changeRef} active={active} />,
  },
  run: {
    title: (r) => `Run ${r.runId}`,
    keys: () => RUN_KEYS,
    render: (r, active) => <RunScreen key={r.runId} runId={r.runId} active={active} />,
  },
  history: {
    title: () => 'Run history',
    keys: () => HISTORY_KEYS,
    render: (_r, active) => <HistoryScreen active={active} />,
  },
  'history-run': {
    title: (r) => `Report of ${r.runId}`,
    keys: () => REPORT_KEYS,
    render: (r, active) => <ReportScreen key={r.runId} runId={r.runId} active={active} />,
  },
  incidents: {
    title: () => 'Incidents',
    keys: () => INCIDENTS_KEYS,
    render: (_r, active) => <IncidentsScreen active={active} />,
  },
  incident: {
    title: (r) => `Incident ${r.id}`,
    keys: () => INCIDENT_KEYS,
    render: (r, active) => <IncidentScreen key={r.id} id={r.id} active={active} />,
  },
  'incident-start': {
    title: () => 'Start an incident',
    keys: () => INCIDENT_START_KEYS,
    render: (_r, active) => <IncidentStartScreen active={active} />,
  },
  'env-check': {
    title: () => 'Environment variables',
    keys: () => ENV_CHECK_KEYS,
    render: (_r, active) => <EnvCheckScreen active={active} />,
  },
  'incident-text': {
    title: (r) => `${r.id}: ${r.purpose}`,
    keys: () => INCIDENT_TEXT_KEYS,
    render: (r, active) => <IncidentTextScreen key={`${r.id}:${r.purpose}`} id={r.id} purpose={r.purpose} active={active} />,
  },
};

export function screenFor<R extends Route>(route: R): ScreenDef<R> {
  return SCREENS[route.name] as unknown as ScreenDef<R>;
}

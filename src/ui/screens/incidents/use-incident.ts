// One incident for its screen: re-read every two seconds while shown (notes from other shells,
// audit entries of runs and actions anywhere on the host), and the runbooks that match it.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { Incident } from '../../../domain/incident/incident-fold.js';
import type { TimelineEntry } from '../../../domain/incident/incident-events.js';
import type { RunbookMatch } from '../../../domain/runbook/triggers.js';
import { useMatchingRunbooks } from './use-matching-runbooks.js';
import { errorMessage } from '../../../domain/errors.js';
import { useNow } from '../../use-now.js';
import { useReadEffect } from '../../use-read-effect.js';

export interface IncidentView {
  inc?: Incident;
  timeline: TimelineEntry[];
  matches: RunbookMatch[];
  error?: string;
}

export function useIncident(session: ConsoleSession, id: string, active: boolean): IncidentView {
  const tick = useNow(2000, active);
  const revision = useStore(session.incidents.store, (s) => s.revision);
  // Re-read every 2 s while shown (other consoles append to the incident) and on this console's changes.
  const desk = session.incidents.desk;
  const read = useReadEffect((): { inc?: Incident; timeline: TimelineEntry[]; error?: string } => {
    try {
      const inc = desk.get(id);
      return { inc, timeline: desk.timeline(inc) };
    } catch (e) {
      return { timeline: [], error: errorMessage(e) };
    }
  }, [desk, id, tick, revision]);
  const services = read.inc?.services;
  const profileServices = session.profile.services;
  const affected = useMemo(() => (services?.length ? services : Object.keys(profileServices)), [services, profileServices]);
  const matches = useMatchingRunbooks(session, affected, { includeIncidentKind: true, active });
  return { ...read, matches };
}

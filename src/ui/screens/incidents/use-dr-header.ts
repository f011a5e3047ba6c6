// The header warns when a protected environment's last successful backup is older than its
// RPO (or there is none). Re-read every minute, when the environment changes, and when the runs
// store changes (a backup run that just succeeded clears the warning at once).
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { HeaderItem } from '../../components/header.js';
import { drWarning } from '../../../domain/runbook/dr-readiness.js';
import { formatDuration } from '../../../domain/duration.js';
import { HEADER_PRIORITY } from '../../presentation/header-layout.js';

function read(session: ConsoleSession): HeaderItem[] {
  const env = session.currentEnvironment();
  if (!env.protected || env.rpoMs === undefined) return [];
  try {
    const f = session.dr().environment;
    const text = drWarning(f, formatDuration);
    return text ? [{ text, shorter: [f.backupAgeMs === undefined ? 'NO BACKUP' : `BACKUP ${formatDuration(f.backupAgeMs)} old`, f.backupAgeMs === undefined ? 'NO BACKUP' : 'BACKUP OLD'], priority: HEADER_PRIORITY.dr, tone: 'alert' }] : [];
  } catch {
    return [];
  }
}

export function useDrHeader(session: ConsoleSession, intervalMs = 60_000): HeaderItem[] {
  const environment = useStore(session.health, (s) => s.environment);
  const runs = useStore(session.runbooks.runs, (s) => s.runs);
  const [items, setItems] = useState<HeaderItem[]>(() => read(session));
  useEffect(() => {
    setItems(read(session));
    const t = setInterval(() => setItems((prev) => {
      const next = read(session);
      return next.map((i) => i.text).join() === prev.map((i) => i.text).join() ? prev : next;
    }), intervalMs);
    return () => clearInterval(t);
  }, [session, environment, runs, intervalMs]);
  return items;
}

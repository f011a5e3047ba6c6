// Header items from the runs on this host: the environment's lock holder ("run R waiting for an
// operator" when nobody is attached) and interrupted runs to resume. Polled: these live in
// files written by other processes (detached runners).
import { useEffect, useState } from 'react';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { HeaderItem } from '../../components/header.js';

export function runHeaderItems(session: ConsoleSession): HeaderItem[] {
  const items: HeaderItem[] = [];
  const dead = session.runbooks.unfinished().filter((r) => r.live === 'interrupted');
  // The header is one line: an interrupted run says so briefly (its stale lock is implied).
  if (dead.length) items.push({ text: `${dead.length === 1 ? `${dead[0]!.runbook} run` : `${dead.length} runs`} INTERRUPTED (:resume)`, tone: 'alert' });
  const lock = session.runbooks.lockNote();
  if (lock && !(dead.length && lock.text.startsWith('STALE'))) items.push(lock);
  return items;
}

const same = (a: HeaderItem[], b: HeaderItem[]) => a.length === b.length && a.every((x, i) => x.text === b[i]!.text && x.tone === b[i]!.tone);

export function useRunHeader(session: ConsoleSession, intervalMs = 2000): HeaderItem[] {
  const [items, setItems] = useState<HeaderItem[]>(() => safe(session));
  useEffect(() => {
    const t = setInterval(() => setItems((prev) => {
      const next = safe(session);
      return same(prev, next) ? prev : next;
    }), intervalMs);
    return () => clearInterval(t);
  }, [session, intervalMs]);
  return items;
}

function safe(session: ConsoleSession): HeaderItem[] {
  try {
    return runHeaderItems(session);
  } catch {
    return [];
  }
}

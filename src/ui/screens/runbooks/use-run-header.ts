// Header items from the runs on this host: the environment's lock holder ("run R waiting for an
// operator" when nobody is attached) and interrupted runs to resume. Read from the runs store,
// which the runs watcher keeps current (these live in files written by detached runners).
import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { LockNote, UnfinishedRun } from '../../../state/runs-store.js';
import type { HeaderItem } from '../../components/header.js';
import { HEADER_PRIORITY } from '../../presentation/header-layout.js';

export function runHeaderItems(unfinished: readonly UnfinishedRun[], lock: LockNote | undefined): HeaderItem[] {
  const items: HeaderItem[] = [];
  const dead = unfinished.filter((r) => r.live === 'interrupted');
  // The header is one line: an interrupted run says so briefly (its stale lock is implied).
  if (dead.length) items.push({ text: `${dead.length === 1 ? `${dead[0]!.runbook} run` : `${dead.length} runs`} INTERRUPTED (:resume)`, shorter: ['INTERRUPTED (:resume)', 'INTERRUPTED'], priority: HEADER_PRIORITY.run, tone: 'alert' });
  if (lock && !(dead.length && lock.text.startsWith('STALE'))) items.push({ ...lock, priority: HEADER_PRIORITY.run });
  return items;
}

export function useRunHeader(session: ConsoleSession): HeaderItem[] {
  // The store keeps each part's identity while it is unchanged, so these re-render only on change.
  const unfinished = useStore(session.runbooks.runs, (s) => s.unfinished);
  const lock = useStore(session.runbooks.runs, (s) => s.lock);
  return useMemo(() => runHeaderItems(unfinished, lock), [unfinished, lock]);
}

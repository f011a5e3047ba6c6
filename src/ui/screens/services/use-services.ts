// The services table's data: the profile's services in declaration order, and the cells of the
// rows on screen. A health update re-renders the table only when the text of a visible row
// changed: checks of services scrolled out of view, and checks that change nothing shown (ages
// and latencies are coarse on purpose), never reach the renderer (issue 10: an idle console of
// 100 healthy services wrote 8.8 KB/s at 2 frames/s).
import { useCallback, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { Service } from '../../../domain/profile/profile-model.js';
import type { HealthStoreState } from '../../../state/health-store.js';
import type { Glyphs } from '../../theme/theme.js';
import { serviceRowCells, type ServiceRowCells } from '../../presentation/service-row.js';
import { useSameList } from '../../use-same.js';

export function useServices(session: ConsoleSession) {
  const environment = useStore(session.health, (s) => s.environment);
  const busy = useStore(session.activity, (s) => s.busy);
  // A live feed that dropped (Docker engine events): said above the table until it is back.
  const notices = useStore(session.health, (s) => s.notices);
  const list = useMemo(() => Object.values(session.profile.services), [session]);
  return { list, environment, busy, notices };
}

const signature = (rows: readonly ServiceRowCells[]): string => rows.map((r) => `${r.name}\t${r.run}\t${r.health}\t${r.latency}\t${r.lastCheck}\t${r.spark}\t${r.hint}`).join('\n');

const nowhere = (): undefined => undefined;

/**
 * `where(service)`: where it runs ("web-1, web-2") for services on hosts, else undefined (keep
 * its identity stable: a new one recomputes the rows).
 */
export function useServiceRows(session: ConsoleSession, visible: readonly Service[], now: number, glyphs: Glyphs, sparkWidth: number, where: (s: Service) => string | undefined = nowhere): readonly ServiceRowCells[] {
  const shownServices = useSameList(visible);
  const compute = useCallback(
    (s: HealthStoreState) => shownServices.map((svc) => serviceRowCells(svc, s.services[svc.name], s.services, s.history[svc.name] ?? [], now, glyphs, sparkWidth, where(svc))),
    [shownServices, now, glyphs, sparkWidth, where],
  );
  // The rows of a health state, kept (same identity) while their text is the same: the store
  // hook re-renders only when a visible row's text changed.
  const kept = useRef<{ state?: HealthStoreState; compute?: typeof compute; rows: readonly ServiceRowCells[]; text?: string }>({ rows: [] });
  const select = useCallback((s: HealthStoreState): readonly ServiceRowCells[] => {
    const k = kept.current;
    if (k.state === s && k.compute === compute) return k.rows;
    const rows = compute(s);
    const text = signature(rows);
    kept.current = { state: s, compute, rows: text === k.text ? k.rows : rows, text };
    return kept.current.rows;
  }, [compute]);
  return useStore(session.health, select);
}

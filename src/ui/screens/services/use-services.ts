// The services table's data: the profile's services in declaration order, and the cells of the
// rows on screen. A health update re-renders the table only when the text of a visible row
// changed: checks of services scrolled out of view, and checks that change nothing shown (ages
// and latencies are coarse on purpose), never reach the renderer (issue 10: an idle console of
// 100 healthy services wrote 8.8 KB/s at 2 frames/s).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { Service } from '../../../domain/profile/profile-model.js';
import type { HealthStoreState } from '../../../state/health-store.js';
import type { Glyphs } from '../../theme/theme.js';
import { serviceRowCells, type ServiceRowCells } from '../../presentation/service-row.js';

export function useServices(session: ConsoleSession) {
  const environment = useStore(session.health, (s) => s.environment);
  const busy = useStore(session.activity, (s) => s.busy);
  // A live feed that dropped (Docker engine events): said above the table until it is back.
  const notices = useStore(session.health, (s) => s.notices);
  const list = useMemo(() => Object.values(session.profile.services), [session]);
  return { list, environment, busy, notices };
}

const signature = (rows: readonly ServiceRowCells[]): string => rows.map((r) => `${r.name}\t${r.run}\t${r.health}\t${r.latency}\t${r.lastCheck}\t${r.spark}\t${r.hint}`).join('\n');

/** `where(service)`: where it runs ("web-1, web-2") for services on hosts, else undefined. */
export function useServiceRows(session: ConsoleSession, visible: readonly Service[], now: number, glyphs: Glyphs, sparkWidth: number, where: (s: Service) => string | undefined = () => undefined): readonly ServiceRowCells[] {
  const placed = visible.map((s) => `${s.name}@${where(s) ?? ''}`).join('\n');
  const compute = useCallback(
    (s: HealthStoreState) => visible.map((svc) => serviceRowCells(svc, s.services[svc.name], s.services, s.history[svc.name] ?? [], now, glyphs, sparkWidth, where(svc))),
    [placed, now, glyphs, sparkWidth],
  );
  const [version, setVersion] = useState(0);
  const shown = useRef('');
  const rows = useMemo(() => compute(session.health.getState()), [compute, version, session]);
  shown.current = signature(rows);
  useEffect(
    () =>
      session.health.subscribe((s) => {
        if (signature(compute(s)) !== shown.current) setVersion((v) => v + 1);
      }),
    [session, compute],
  );
  return rows;
}

// Past runs of this profile, newest first: runbook, environment, outcome, duration, who.
// Enter opens the run's report (or its journal rendered as one).
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { Box, Text } from 'ink';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useTheme } from '../../theme/theme-context.js';
import { useNow } from '../../use-now.js';
import { formatDuration } from '../../../domain/duration.js';
import { errorMessage } from '../../../domain/errors.js';
import { fit, formatAge } from '../../presentation/format.js';
import { statusTone } from '../../presentation/runbook-text.js';
import { moveSelection, windowStart } from '../../components/list-window.js';
import { HISTORY_KEYS } from '../runbooks/runbooks-keys.js';

export function HistoryScreen({ active }: { active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const { height } = useViewport();
  const now = useNow(5000, active);
  // From the runs store (the runs watcher reads the state dir); opening asks it for a fresh look.
  const all = useStore(session.runbooks.runs, (s) => s.runs);
  const runs = useMemo(() => all.slice(0, 200), [all]);
  // Unfinished runs: is the runner alive (running / waiting for an operator) or dead (interrupted)?
  const unfinished = useStore(session.runbooks.runs, (s) => s.unfinished);
  const live = useMemo(() => new Map(unfinished.map((r) => [r.runId, r.live])), [unfinished]);
  const desk = session.runbooks;
  useEffect(() => {
    if (active) void desk.refreshRuns();
  }, [desk, active]);
  const [selected, setSelected] = useState(0);
  const [start, setStart] = useState(0);
  const rows = Math.max(1, height - 2);
  useKeyLayer(PRIORITY.screen, HISTORY_KEYS, (action) => {
    const moves = { up: -1, down: 1, pageUp: -(rows - 1), pageDown: rows - 1, first: -runs.length, last: runs.length } as const;
    if (action in moves) {
      const next = moveSelection(selected, moves[action as keyof typeof moves], runs.length);
      setSelected(next);
      setStart((s) => windowStart(next, runs.length, rows, s));
    } else if (action === 'open' && runs[selected]) nav.push({ name: 'history-run', runId: runs[selected]!.runId });
    else if (action === 'attach' && runs[selected]) {
      const runId = runs[selected]!.runId;
      const state = live.get(runId);
      if (!state) return void session.note('info', `run ${runId} has finished: Enter reads its report`);
      session.note('progress', `${state === 'interrupted' ? 'resuming' : 'attaching to'} ${runId}…`);
      const go = state === 'interrupted' ? session.runbooks.resume(runId) : session.runbooks.attach(runId);
      go.then((c) => nav.push({ name: 'run', runId: c.runId }), (e: unknown) => session.note('error', `${runId}: ${errorMessage(e)}`));
    }
    else if (action === 'back') nav.back();
  }, { active });
  const first = windowStart(selected, runs.length, rows, start);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`Run history (${runs.length})`}</Text>
      {runs.length === 0 ? <Text dimColor>No runs yet.</Text> : <Text bold wrap="truncate">{`  ${fit('WHEN', 6)} ${fit('RUNBOOK', 14)} ${fit('ENV', 14)} ${fit('OUTCOME', 11)} ${fit('TOOK', 7)} WHO`}</Text>}
      {runs.slice(first, first + rows - 1).map((r, n) => {
        const isSel = first + n === selected;
        const tone = statusTone(r.status);
        return (
          <Text key={r.runId} inverse={isSel} wrap="truncate">
            {isSel ? `${t.glyphs.selected} ` : '  '}
            {`${fit(formatAge(r.startedAt, now), 6)} ${fit(r.runbook, 14)} ${fit(r.environment, 14)} `}
            <Text color={tone === 'ok' ? t.c('green') : tone === 'bad' || live.get(r.runId) === 'interrupted' ? t.c('red') : tone === 'warn' ? t.c('yellow') : undefined}>{fit(`${r.status === 'unfinished' ? live.get(r.runId) ?? 'unfinished' : r.status}${r.dryRun ? '*' : ''}`, 11)}</Text>
            {` ${fit(r.durationMs !== undefined ? formatDuration(r.durationMs) : '-', 7)} ${r.user}@${r.host}${r.rolledBack ? '  rolled back' : ''}`}
          </Text>
        );
      })}
    </Box>
  );
}

// The runbooks of the current environment: name, title, kind, last run. Enter opens the inputs
// form of a valid one; invalid files are listed with their first problem and cannot start. In
// read-only mode a runbook that changes things is listed as a dry run only.
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { dryRunOnlyReason } from '../../../domain/runbook/plan.js';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useReadEffect } from '../../use-read-effect.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useTheme } from '../../theme/theme-context.js';
import { useNow } from '../../use-now.js';
import { fit } from '../../presentation/format.js';
import { lastRunText, runbookTitle } from '../../presentation/runbook-text.js';
import { moveSelection, windowStart } from '../../components/list-window.js';
import { RUNBOOK_LIST_KEYS } from './runbooks-keys.js';

export function RunbooksScreen({ active }: { active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const { width, height } = useViewport();
  const now = useNow(5000, active);
  const environment = useStore(session.health, (s) => s.environment);
  // Re-read when the screen comes back to the top (a run may have finished meanwhile).
  // Read-only: runbooks that change things open as a dry run only (the policy's read-only rule).
  const access = useStore(session.access); // re-render when read-only mode changes
  const readOnly = session.readOnlyReason();
  const desk = session.runbooks;
  const list = useReadEffect(() => desk.list(), [desk, environment, active]);
  const dryOnly = useMemo(() => new Set(list.filter((r) => r.runbook && dryRunOnlyReason(r.runbook, session.currentEnvironment(), access)).map((r) => r.name)), [list, session, access]);
  const [selected, setSelected] = useState(0);
  const [start, setStart] = useState(0);
  const rows = Math.max(1, height - 3);
  useKeyLayer(PRIORITY.screen, RUNBOOK_LIST_KEYS, (action) => {
    const current = list[selected];
    if (action === 'up' || action === 'down') {
      const next = moveSelection(selected, action === 'up' ? -1 : 1, list.length);
      setSelected(next);
      setStart((s) => windowStart(next, list.length, rows, s));
    } else if (action === 'open' && current) {
      if (current.runbook) nav.push({ name: 'runbook-inputs', runbook: current.name });
      else session.note('error', `${current.name}: ${current.problem ?? 'invalid'} (check with opsdeck validate)`);
    } else if (action === 'history') nav.push({ name: 'history' });
    else if (action === 'back') nav.back();
  }, { active });

  const nameW = Math.min(18, Math.max(8, ...list.map((r) => r.name.length)));
  const lastW = 26;
  const titleW = Math.max(10, width - nameW - 12 - lastW - 6);
  const first = windowStart(selected, list.length, rows, start);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{terminalSafe(`Runbooks for ${environment}${session.runbooks.active() ? `   (run ${session.runbooks.active()!.runId} in progress)` : ''}`)}</Text>
      {dryOnly.size ? <Text color={t.c('yellow')} wrap="truncate">{`dry run only for the ${dryOnly.size} runbook(s) that change things (:write to run them; ${readOnly})`}</Text> : null}
      {list.length === 0 ? <Text dimColor>No runbooks for this environment (runbooks/*.yaml).</Text> : (
        <Text bold wrap="truncate">{`  ${fit('NAME', nameW)} ${fit('TITLE', titleW)} ${fit('KIND', 11)} LAST RUN`}</Text>
      )}
      {list.slice(first, first + rows).map((r, n) => {
        const isSel = first + n === selected;
        return (
          <Text key={r.name} inverse={isSel} wrap="truncate">
            {isSel ? `${t.glyphs.selected} ` : '  '}
            {fit(r.name, nameW)} {r.problem ? <Text color={t.c('red')}>{fit(`invalid: ${r.problem}`, titleW + 12)}</Text> : `${fit(runbookTitle(r.title, dryOnly.has(r.name)), titleW)} ${fit(r.kind, 11)}`}{' '}
            <Text color={r.last?.status === 'succeeded' ? t.c('green') : r.last ? t.c('red') : undefined} dimColor={!r.last}>{lastRunText(r.last, now)}</Text>
          </Text>
        );
      })}
    </Box>
  );
}

// One run's report as text, scrollable; only the visible lines are rendered.
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { REPORT_KEYS } from '../runbooks/runbooks-keys.js';

export function ReportScreen({ runId, active }: { runId: string; active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const { height } = useViewport();
  const desk = session.runbooks;
  const lines = useMemo(() => desk.runText(runId).split('\n'), [desk, runId]);
  const [top, setTop] = useState(0);
  const rows = Math.max(1, height - 1);
  const max = Math.max(0, lines.length - rows);
  const move = (d: number) => setTop((s) => Math.max(0, Math.min(max, s + d)));
  useKeyLayer(PRIORITY.screen, REPORT_KEYS, (action) => {
    switch (action) {
      case 'up': return move(-1);
      case 'down': return move(1);
      case 'pageUp': return move(-rows);
      case 'pageDown': return move(rows);
      case 'first': return move(-lines.length);
      case 'last': return move(lines.length);
      case 'back': return nav.back();
    }
  }, { active });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`Run ${terminalSafe(runId)}  (lines ${top + 1}-${Math.min(lines.length, top + rows)} of ${lines.length})`}</Text>
      {lines.slice(top, top + rows).map((l, i) => (
        <Text key={top + i} wrap="truncate">{terminalSafe(l) || ' '}</Text>
      ))}
    </Box>
  );
}

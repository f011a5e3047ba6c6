// A broken profile: every problem as file:line:col: message, r reloads after a fix, q quits.
// Never a crash and never a stack trace.
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { useState } from 'react';
import { Box, Text } from 'ink';
import { formatProblem, type ConfigProblem } from '../../../domain/errors.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import type { KeyTable } from '../../keys/key-table.js';
import { moveSelection } from '../../components/list-window.js';
import { useTheme } from '../../theme/theme-context.js';

export const CONFIG_ERRORS_KEYS: KeyTable<'reload' | 'quit' | 'up' | 'down'> = [
  { keys: ['r'], description: 'reload', action: 'reload' },
  { keys: ['down', 'j'], description: 'scroll', action: 'down', label: 'j/k' },
  { keys: ['up', 'k'], description: 'scroll up', action: 'up', helpOnly: true },
  { keys: ['q', 'ctrl+c'], description: 'quit', action: 'quit', label: 'q' },
];

export interface ConfigErrorsProps {
  title: string;
  problems: readonly ConfigProblem[];
  width: number;
  height: number;
  onReload(): void;
  onQuit(): void;
  /** The last line: what the operator can do. @default fix the file, r reloads */
  hint?: string;
}

export function ConfigErrorsScreen({ title, problems, width, height, onReload, onQuit, hint = 'Fix the file and press r to reload (or check with `opsdeck validate`); q quits.' }: ConfigErrorsProps) {
  const t = useTheme();
  const [top, setTop] = useState(0);
  useKeyLayer(PRIORITY.screen, CONFIG_ERRORS_KEYS, (a) => {
    if (a === 'reload') onReload();
    else if (a === 'quit') onQuit();
    else setTop((t) => moveSelection(t, a === 'up' ? -1 : 1, problems.length));
  });
  // Messages wrap; count the rows each takes so the frame stays within `height`.
  const room = Math.max(1, height - 3);
  const shown: string[] = [];
  let used = 0;
  for (const p of problems.slice(top)) {
    const line = terminalSafe(formatProblem(p));
    const rows = Math.max(1, Math.ceil(line.length / Math.max(1, width)));
    if (used + rows > room) break;
    shown.push(line);
    used += rows;
  }
  const hidden = problems.length - top - shown.length;
  return (
    <Box flexDirection="column">
      <Text bold color={t.c('red')}>
        {title}
      </Text>
      {shown.map((line, i) => (
        <Text key={top + i}>{line}</Text>
      ))}
      {hidden > 0 || top > 0 ? <Text dimColor>{`${top > 0 ? `${top} above, ` : ''}${hidden} more (j/k to scroll)`}</Text> : null}
      <Text dimColor>{hint}</Text>
    </Box>
  );
}

// A standalone log viewer over files, for measuring LogsScreen in a pty (ttybench) before the
// console mounts it: `node dist/tools/logs-view.js FILE...`. `m` toggles a header marker
// (MARK:ON/OFF) for key-latency probes; `q` or Ctrl-C quits. Not a product command.
import { useCallback, useState } from 'react';
import { render, Box, Text, useApp, useStdout } from 'ink';
import { basename } from 'node:path';
import { createLogStore, type LogStore } from '../../state/log-store.js';
import { LogTailer } from '../../services/logs/log-tailer.js';
import { FileLogSource } from '../../adapters/logs/file-log-source.js';
import { createRedactor } from '../../domain/text/redaction.js';
import { LogsScreen } from '../screens/logs/logs-screen.js';
import { StandaloneKeyRouter, useKeyLayer } from '../keys/use-key-layer.js';
import { PRIORITY } from '../keys/key-router.js';
import type { KeyTable } from '../keys/key-table.js';
import { TerminalSurface } from '../paint/terminal-surface.js';
import { PaintSurfaceProvider } from '../paint/painted-pane.js';
import { colourWanted } from '../theme/theme.js';
import { ALT_SCREEN_ENTER, ALT_SCREEN_LEAVE, CURSOR_SHOW } from '../terminal.js';

const TOOL_KEYS: KeyTable<'mark' | 'quit'> = [
  { keys: ['m'], description: 'toggle the header marker', action: 'mark' },
  { keys: ['q', 'ctrl+c'], description: 'quit', action: 'quit' },
];

function App({ store, services }: { store: LogStore; services: string[] }) {
  const [mark, setMark] = useState(false);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const onKey = useCallback((action: string) => (action === 'mark' ? setMark((m) => !m) : exit()), [exit]);
  useKeyLayer(PRIORITY.global, TOOL_KEYS, onKey);
  return (
    <Box flexDirection="column">
      <Text>opsdeck logs-view {mark ? 'MARK:ON ' : 'MARK:OFF'}</Text>
      <LogsScreen store={store} services={services} isActive height={(stdout.rows ?? 24) - 2} width={stdout.columns ?? 80} />
    </Box>
  );
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node dist/tools/logs-view.js FILE...\n');
  process.exit(2);
}
const store = createLogStore(Number(process.env.OPSDECK_LOG_BUFFER ?? 5000));
const abort = new AbortController();
const sources = files.map((f) => new FileLogSource({ service: basename(f).replace(/\.log$/, ''), path: f, tailLines: 200 }));
new LogTailer({ store, redactor: createRedactor() }).start(sources, abort.signal);
// Like the console: alternate screen, and a surface the log pane paints through
// (OPSDECK_PAINT=ink renders the rows through Ink instead, for comparison).
const surface = process.stdout.isTTY && process.env.OPSDECK_PAINT !== 'ink' ? new TerminalSurface(process.stdout, colourWanted(process.env)) : undefined;
if (process.stdout.isTTY) process.stdout.write(ALT_SCREEN_ENTER);
const app = render(
  <PaintSurfaceProvider surface={surface}>
    <StandaloneKeyRouter>
      <App store={store} services={[...new Set(sources.map((s) => s.service))]} />
    </StandaloneKeyRouter>
  </PaintSurfaceProvider>,
  { exitOnCtrlC: false, maxFps: Number(process.env.OPSDECK_MAX_FPS ?? 60), patchConsole: false, ...(surface?.inkOptions() ?? { stdout: process.stdout }) },
);
await app.waitUntilExit();
surface?.close();
abort.abort();
if (process.stdout.isTTY) process.stdout.write(CURSOR_SHOW + ALT_SCREEN_LEAVE);
process.exit(0);

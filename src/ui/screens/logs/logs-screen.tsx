// The log viewer: one service or several merged (coloured prefixes), following by default.
// Renders only the visible window. On a real terminal the rows paint themselves (painted-pane:
// a following pane scrolls and writes each new line once) and Ink draws only the status lines;
// elsewhere (tests, no surface) Ink renders the rows at a bounded frame rate (see use-logs.ts).
import { memo, useCallback, useRef } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { LogStore } from '../../../state/log-store.js';
import { linePrefix, prefixWidthOf, type LogLine } from '../../../domain/logs/log-line.js';
import { PREFIX_COLORS } from '../../../domain/logs/log-format.js';
import { formatRow, type RowFormat, type ScreenLine } from '../../presentation/log-row.js';
import { usePaintedPane } from '../../paint/painted-pane.js';
import { useTheme } from '../../theme/theme-context.js';
import { toTerminalLine } from '../../paint/terminal-line.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import type { PaneLine } from '../../paint/pane-paint.js';
import { saveLogLines } from '../../../services/logs/log-export.js';
import { LOGS_KEYS, type LogsCommand } from './logs-keys.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { footerEntries } from '../../components/footer.js';
import { useLogs, type FrameRates } from './use-logs.js';
import type { LogsController } from './logs-controller.js';

export interface LogsScreenProps {
  store: LogStore;
  /** Services to show, merged; all sources in the store when omitted. */
  services?: readonly string[];
  /** Only the focused pane registers its keys (LOGS_KEYS) with the router. */
  isActive: boolean;
  /** Esc/Backspace with no filter to clear: back to the screen under this one. Unset: the key falls through. */
  onBack?: () => void;
  /** Screen lines the viewer may use. @default terminal rows - 2 */
  height?: number;
  /** @default terminal columns */
  width?: number;
  /** One-line key hints under the pane (off when the shell draws its own footer). @default true */
  footer?: boolean;
  frameRates?: FrameRates;
  /** Where "save" writes; returns the file path. @default saveLogLines (state dir, 0600) */
  save?: (lines: readonly LogLine[], label: string) => Promise<string>;
}

export function LogsScreen(props: LogsScreenProps) {
  const { stdout } = useStdout();
  const width = props.width ?? stdout.columns ?? 80;
  const height = Math.max(4, props.height ?? (stdout.rows ?? 24) - 2);
  const pane = usePaintedPane((w, h) => paneLines(live.current.controller, live.current.format(w), h, pane.surface?.colour ?? true));
  const { controller, repaint } = useLogs(props.store, props.services, props.frameRates, pane);
  const footer = props.footer ?? true;
  const paneHeight = height - 2 - (footer ? 1 : 0);

  // One stable handler (Ink 6.8 re-subscribes useInput when the handler changes).
  const { ascii } = useTheme();
  const colorOf = serviceColors(props.store, props.services);
  const format = (w: number): Omit<RowFormat, 'current'> => ({ ascii, width: w, wrap: controller.wrap, timestamps: controller.timestamps, prefixWidth: prefixWidth(props.store, props.services), prefixColor: colorOf, highlight: controller.search?.ranges, dimContext: controller.view.active && controller.context > 0 });
  const live = useRef({ paneHeight, props, controller, repaint, format });
  live.current = { paneHeight, props, controller, repaint, format };
  // Keys come from the console's router like every screen's: the table for commands, `capture`
  // for the text typed into the filter or search line (so it never reaches q, e or :).
  const typing = useCallback((input: string, name: string): boolean => {
    const { controller: c, repaint: again } = live.current;
    if (c.mode.kind === 'normal') return false;
    c.type(input, name);
    again();
    return true;
  }, []);
  const onAction = useCallback((action: string): boolean => {
    const { controller: c, paneHeight: page, props: p, repaint: again } = live.current;
    if (action === 'back') {
      if (c.filter || c.search || c.level) {
        c.run('clear', page);
        again();
        return true;
      }
      if (!p.onBack) return false;
      p.onBack();
      return true;
    }
    const cmd = action as LogsCommand;
    c.run(cmd, page);
    if (cmd === 'save') {
      const lines = c.view.lines();
      const label = p.services?.join('+') ?? 'all';
      c.message = { text: `saving ${lines.length} lines…` };
      (p.save ?? saveLogLines)(lines, label).then(
        (file) => (c.message = { text: `saved ${lines.length} lines (masked) to ${file}` }),
        (e: Error) => (c.message = { text: `could not save: ${e.message}`, error: true }),
      ).finally(again);
    }
    again();
    return true;
  }, []);
  useKeyLayer(PRIORITY.screen, LOGS_KEYS, onAction, { active: props.isActive, capture: typing });

  const shown = pane.surface ? [] : visibleLines(controller, format(width), paneHeight);

  return (
    <Box flexDirection="column" width={width} height={height}>
      <StatusLine controller={controller} width={width} services={props.services} ascii={ascii} />
      <Box flexDirection="column" height={paneHeight} ref={pane.ref}>
        {pane.surface ? null : shown.map((l, i) => <Row key={i} line={l.line} />)}
      </Box>
      <BottomLine controller={controller} store={props.store} services={props.services} ascii={ascii} />
      {footer ? <Footer width={width} ascii={ascii} /> : null}
    </Box>
  );
}

interface KeyedLine {
  /** The view row and, when wrapped, which part of it. */
  key: string;
  line: ScreenLine;
}

/** The screen lines of the visible window, oldest first; a placeholder when there are none. */
function visibleLines(c: LogsController, fmt: Omit<RowFormat, 'current'>, height: number): KeyedLine[] {
  const out: KeyedLine[] = [];
  for (const abs of c.visible(height, fmt)) {
    formatRow(c.view.row(abs)!, { ...fmt, current: abs === c.cursor }).forEach((line, part) => out.push({ key: `${abs}:${part}`, line }));
  }
  if (c.filterError) out.push({ key: 'empty', line: [{ text: terminalSafe(c.filterError), color: 'red' }] });
  else if (out.length === 0) out.push({ key: 'empty', line: [{ text: c.view.active ? 'no line matches' : 'no log lines yet', dim: true }] });
  return out.slice(-height);
}

function paneLines(c: LogsController, fmt: Omit<RowFormat, 'current'>, height: number, colour: boolean): PaneLine[] {
  return visibleLines(c, fmt, height).map(({ key, line }) => ({ key, ...toTerminalLine(line, fmt.width, colour) }));
}

const Row = memo(function Row({ line }: { line: ScreenLine }) {
  const t = useTheme();
  return (
    <Text wrap="truncate">
      {line.map((s, i) => (
        <Text key={i} color={t.color ? s.color : undefined} dimColor={s.dim} bold={s.bold} inverse={s.inverse}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
});

function StatusLine({ controller: c, services, ascii }: { controller: LogsController; width: number; services?: readonly string[]; ascii: boolean }) {
  // Colours through the theme, so NO_COLOR means none here too (the rows are painted by the theme's rule).
  const t = useTheme();
  const parts: string[] = [];
  if (c.filter) parts.push(`filter ${c.filterText}`);
  if (c.level) parts.push(`level ≥ ${c.level}`);
  if (c.context && c.view.active) parts.push(`context ${c.context}`);
  if (c.search) parts.push(`find "${c.searchText}"`);
  if (c.wrap) parts.push('wrap');
  if (c.timestamps) parts.push('time');
  return (
    <Text wrap="truncate">
      <Text bold>Logs {services?.length ? services.join(', ') : 'all services'}</Text>
      {'  '}
      {c.following ? <Text color={t.c('green')}>{ascii ? '*' : '●'} following</Text> : <Text color={t.c('yellow')}>{ascii ? '||' : '⏸'} paused{c.newSincePause > 0 ? ` — ${c.newSincePause} new lines (G to follow)` : ' (G to follow)'}</Text>}
      {parts.length ? <Text dimColor>{'  ' + parts.join(' · ')}</Text> : null}
    </Text>
  );
}

function BottomLine({ controller: c, store, services, ascii }: { controller: LogsController; store: LogStore; services?: readonly string[]; ascii: boolean }) {
  const t = useTheme();
  if (c.mode.kind !== 'normal') {
    return (
      <Text wrap="truncate">
        <Text color={t.c('cyan')}>{c.mode.kind === 'filter' ? 'filter (text or /regex/): ' : 'find: '}</Text>
        {c.mode.text}
        <Text inverse> </Text>
        <Text dimColor>  Enter apply · Esc cancel</Text>
      </Text>
    );
  }
  if (c.message) return <Text wrap="truncate" color={c.message.error ? t.c('red') : undefined}>{c.message.text}</Text>;
  const problems = Object.values(store.getState().sources).filter((s) => (!services || services.includes(s.service)) && (s.error || s.status === 'reconnecting'));
  if (problems.length) {
    const p = problems[0]!;
    return <Text wrap="truncate" color={t.c('yellow')}>{ascii ? '!' : '⚠'} {p.service}: {p.error ?? p.detail ?? p.status}{problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}</Text>;
  }
  return <Text> </Text>;
}

function Footer({ width, ascii }: { width: number; ascii: boolean }) {
  const text = footerEntries([LOGS_KEYS], ascii).map((e) => `${e.label} ${e.description}`).join(' · ');
  return <Text dimColor wrap="truncate">{text.slice(0, width)}</Text>;
}

function serviceColors(store: LogStore, services?: readonly string[]): (s: string) => string {
  const names = services?.length ? [...services] : [...new Set(Object.values(store.getState().sources).map((s) => s.service))];
  return (s) => PREFIX_COLORS[Math.max(0, names.indexOf(s)) % PREFIX_COLORS.length]!;
}

function prefixWidth(store: LogStore, services?: readonly string[]): number {
  // Sources on hosts show as service@host, so one service on three hosts gets a prefix too.
  const sources = Object.values(store.getState().sources).map((s) => linePrefix(s));
  const waiting = (services ?? []).filter((n) => !sources.some((x) => x === n || x.startsWith(`${n}@`)));
  return prefixWidthOf([...sources, ...waiting], 16);
}

// The log viewer painting its own rows beside Ink, checked on a terminal emulator: what an
// operator would see after following, pausing, filtering, a header change and a resize.
import { describe, it, expect, vi, afterAll, afterEach } from 'vitest';

const ci = vi.hoisted(() => {
  const saved = process.env.CI;
  process.env.CI = 'false'; // Ink renders nothing when it thinks it runs in CI
  return saved;
});
afterAll(() => {
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
});

import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { LogsScreen } from '../../../src/ui/screens/logs/logs-screen.js';
import { StandaloneKeyRouter } from '../../../src/ui/keys/use-key-layer.js';
import { useTerminalSize } from '../../../src/ui/use-terminal-size.js';
import { renderInXterm, type XtermTui } from '../../helpers/xterm-tui.js';
import { createLogStore, feed, type LogStore } from '../../helpers/log-feed.js';

let tui: XtermTui | undefined;
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});


const fast = { frameMs: 10, floodFrameMs: 10, pausedFrameMs: 10, paneFrameMs: 5 };

/** A header Ink re-renders on `m`, above the viewer, as in the console. */
function WithHeader({ store, services }: { store: LogStore; services?: string[] }) {
  const [mark, setMark] = useState(false);
  const { columns } = useTerminalSize();
  useInput((input) => input === 'm' && setMark((m) => !m));
  return (
    <Box flexDirection="column">
      <Text>header {mark ? 'MARK:ON' : 'MARK:OFF'}</Text>
      <StandaloneKeyRouter><LogsScreen store={store} services={services} isActive height={11} width={columns} frameRates={fast} /></StandaloneKeyRouter>
    </Box>
  );
}

/** `h` hides the viewer (as the console does under a modal), `u` unmounts it (leaving the screen). */
function Switchable({ store }: { store: LogStore }) {
  const [hidden, setHidden] = useState(false);
  const [gone, setGone] = useState(false);
  useInput((input) => {
    if (input === 'h') setHidden((h) => !h);
    if (input === 'u') setGone(true);
  });
  // A fixed height, like the console's body: Ink's frame does not shrink when the viewer goes.
  return (
    <Box flexDirection="column" height={13}>
      <Text>header</Text>
      {gone ? <Text>another screen</Text> : (
        <Box display={hidden ? 'none' : 'flex'}>
          <LogsScreen store={store} services={['api']} isActive={false} height={11} width={80} frameRates={fast} />
        </Box>
      )}
      {hidden ? <Text>overlay</Text> : null}
    </Box>
  );
}

describe('log pane painted beside Ink', () => {
  it('scrolls new lines in under Ink’s header and status lines, each line once', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', Array.from({ length: 20 }, (_, i) => `line ${i}`));
    tui = await renderInXterm(<WithHeader store={store} services={['api']} />, { columns: 80, rows: 14 });
    let s = await tui.waitFor('line 19');
    expect(s[0]).toBe('header MARK:OFF');
    expect(s[1]).toContain('following');
    // Pane: rows 2..9 (11 rows - status - bottom line - footer).
    expect(s.slice(2, 10)).toEqual(Array.from({ length: 8 }, (_, i) => `line ${12 + i}`));
    const before = tui.bytes();
    for (let i = 0; i < 5; i++) feed(store, 'api', [`fresh ${i}`]);
    s = await tui.waitFor('fresh 4');
    expect(s.slice(2, 10)).toEqual(['line 17', 'line 18', 'line 19', 'fresh 0', 'fresh 1', 'fresh 2', 'fresh 3', 'fresh 4']);
    expect(s[0]).toBe('header MARK:OFF');
    // Scrolling writes the new lines only, not the pane: far less than 8 rows of 80 columns.
    expect(tui.bytes() - before).toBeLessThan(5 * 60);
  });

  it('keeps the pane when Ink repaints its frame (a key changes the header)', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', Array.from({ length: 20 }, (_, i) => `line ${i}`));
    tui = await renderInXterm(<WithHeader store={store} services={['api']} />, { columns: 80, rows: 14 });
    await tui.waitFor('line 19');
    await tui.press('m');
    let s = await tui.waitFor('MARK:ON');
    expect(s.slice(2, 10)).toEqual(Array.from({ length: 8 }, (_, i) => `line ${12 + i}`));
    // Ink rewrites only its changed line: the pane is not painted again, and frames do not drift.
    const before = tui.bytes();
    await tui.press('m', 'm', 'm', 'm', 'm');
    s = await tui.waitFor('MARK:OFF');
    expect(s[0]).toBe('header MARK:OFF');
    expect(s[1]).toContain('following');
    expect(s.slice(2, 10)).toEqual(Array.from({ length: 8 }, (_, i) => `line ${12 + i}`));
    expect((tui.bytes() - before) / 5).toBeLessThan(120);
  });

  it('pauses on scroll, counts new lines, and follows again with G', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', Array.from({ length: 20 }, (_, i) => `line ${i}`));
    tui = await renderInXterm(<WithHeader store={store} services={['api']} />, { columns: 80, rows: 14 });
    await tui.waitFor('line 19');
    await tui.press('k', 'k');
    let s = await tui.waitFor('paused');
    expect(s.slice(2, 10)).toEqual(Array.from({ length: 8 }, (_, i) => `line ${10 + i}`));
    feed(store, 'api', ['fresh 1', 'fresh 2']);
    s = await tui.waitFor('2 new lines');
    expect(s.join('\n')).not.toContain('fresh');
    await tui.press('G');
    s = await tui.waitFor('fresh 2');
    expect(s[1]).toContain('following');
    expect(s[9]).toBe('fresh 2');
  });

  it('filters, highlights nothing stale, and masks secrets on screen', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', ['INFO alpha', 'ERROR boom one', 'INFO token=sekrit-value-1', 'WARN boom two', 'INFO gamma']);
    tui = await renderInXterm(<WithHeader store={store} services={['api']} />, { columns: 80, rows: 14 });
    let s = await tui.waitFor('INFO gamma');
    expect(s.join('\n')).not.toContain('sekrit-value-1');
    expect(s.join('\n')).toContain('token=••••••');
    await tui.press('/', 'b', 'o', 'o', 'm', '\r');
    s = await tui.waitFor('filter boom');
    const pane = s.slice(2, 10).filter((l) => l !== '');
    expect(pane).toEqual(['ERROR boom one', 'WARN boom two']);
  });

  it('shows coloured service prefixes in the merged view', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', ['from api']);
    feed(store, 'worker', ['from worker']);
    tui = await renderInXterm(<WithHeader store={store} />, { columns: 80, rows: 14 });
    const s = await tui.waitFor('from worker');
    expect(s.join('\n')).toMatch(/api\s+│ from api/);
    expect(s.join('\n')).toMatch(/worker\s+│ from worker/);
  });

  it('leaves nothing behind when hidden or unmounted', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', Array.from({ length: 20 }, (_, i) => `line ${i}`));
    tui = await renderInXterm(<Switchable store={store} />, { columns: 80, rows: 14 });
    await tui.waitFor('line 19');
    await tui.press('h');
    let s = await tui.waitFor('overlay');
    expect(s.join('\n')).not.toContain('line');
    await tui.press('h');
    s = await tui.waitFor('line 19');
    expect(s.join('\n')).not.toContain('overlay');
    await tui.press('u');
    s = await tui.waitFor('another screen');
    expect(s.join('\n')).not.toContain('line');
  });

  it('repaints at the new size after the terminal is resized', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', Array.from({ length: 20 }, (_, i) => `line ${i} ${'x'.repeat(60)}`));
    tui = await renderInXterm(<WithHeader store={store} services={['api']} />, { columns: 80, rows: 14 });
    await tui.waitFor('line 19');
    tui.resize(40, 14);
    await tui.waitFor(/^line 19 x+$/m);
    await new Promise((r) => setTimeout(r, 100)); // React re-lays out after Ink's own resize frame
    let s = await tui.screen();
    expect(s[0]).toBe('header MARK:OFF');
    expect(s.slice(2, 10)).toEqual(Array.from({ length: 8 }, (_, i) => `line ${12 + i} ${'x'.repeat(60)}`.slice(0, 40)));

    tui.resize(100, 14);
    await tui.waitFor(/^line 19 x{60}$/m);
    await new Promise((r) => setTimeout(r, 100));
    s = await tui.screen();
    expect(s[0]).toBe('header MARK:OFF');
    expect(s[1]).toContain('following');
    expect(s.slice(2, 10)).toEqual(Array.from({ length: 8 }, (_, i) => `line ${12 + i} ${'x'.repeat(60)}`));
  });
});

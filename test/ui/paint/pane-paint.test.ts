// paintPane's bytes replayed in a terminal emulator: the screen must show the wanted rows, the
// rest of the screen and the cursor must be untouched, and a scroll must cost only new rows.
import { describe, it, expect } from 'vitest';
import xterm from '@xterm/headless';
import { paintPane, type PaneLine, type PaneRect, type PaneScreen } from '../../../src/ui/paint/pane-paint.js';

const line = (text: string, key = text): PaneLine => ({ key, text, width: text.length });

function terminal(cols: number, rows: number) {
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
  const write = (s: string) => new Promise<void>((r) => term.write(s, r));
  const screen = () => Array.from({ length: rows }, (_, i) => term.buffer.active.getLine(i)!.translateToString(true));
  const cursor = () => [term.buffer.active.cursorY, term.buffer.active.cursorX];
  return { write, screen, cursor };
}

describe('paintPane', () => {
  const rect: PaneRect = { top: 1, left: 0, width: 20, height: 4, screenColumns: 20, screenRows: 7 };

  it('paints whole when nothing is known, keeping the rows around it and the cursor', async () => {
    const t = terminal(20, 7);
    await t.write('header\r\n\r\n\r\n\r\n\r\nfooter\r\n');
    const at = t.cursor();
    const p = paintPane(rect, undefined, [line('a'), line('b')]);
    await t.write(p.bytes);
    expect(t.screen()).toEqual(['header', 'a', 'b', '', '', 'footer', '']);
    expect(t.cursor()).toEqual(at);
  });

  it('scrolls a full pane and writes only the new rows', async () => {
    const t = terminal(20, 7);
    await t.write('header\r\n\r\n\r\n\r\n\r\nfooter\r\n');
    const at = t.cursor();
    let shown: PaneScreen = paintPane(rect, undefined, ['1', '2', '3', '4'].map((x) => line(`row ${x}`))).screen;
    await t.write(paintPane(rect, undefined, ['1', '2', '3', '4'].map((x) => line(`row ${x}`))).bytes);
    const next = ['3', '4', '5', '6'].map((x) => line(`row ${x}`));
    const p = paintPane(rect, shown, next);
    shown = p.screen;
    await t.write(p.bytes);
    expect(t.screen()).toEqual(['header', 'row 3', 'row 4', 'row 5', 'row 6', 'footer', '']);
    expect(t.cursor()).toEqual(at);
    expect(p.bytes).not.toContain('row 3');
    expect(p.bytes).toContain('row 5');
    // Nothing changed: nothing written.
    expect(paintPane(rect, shown, next).bytes).toBe('');
  });

  it('fills a pane that is not full yet without scrolling', async () => {
    const t = terminal(20, 7);
    const first = paintPane(rect, undefined, [line('a')]);
    await t.write(first.bytes);
    const p = paintPane(rect, first.screen, [line('a'), line('b'), line('c')]);
    await t.write(p.bytes);
    expect(t.screen().slice(1, 5)).toEqual(['a', 'b', 'c', '']);
    expect(p.bytes).not.toMatch(/\x1b\[\d+;\d+r/);
  });

  it('rewrites only changed rows, clearing what a shorter row leaves behind', async () => {
    const t = terminal(20, 7);
    const first = paintPane(rect, undefined, [line('alpha long row'), line('beta'), line('gamma')]);
    await t.write(first.bytes);
    const p = paintPane(rect, first.screen, [line('alpha', 'other'), line('beta'), line('gamma')]);
    await t.write(p.bytes);
    expect(t.screen().slice(1, 4)).toEqual(['alpha', 'beta', 'gamma']);
    expect(p.bytes).not.toContain('beta');
  });

  it('pads instead of erasing, and never scrolls, in a pane narrower than the screen', async () => {
    const t = terminal(20, 7);
    await t.write('\x1b[2;12Hright');
    const narrow: PaneRect = { ...rect, width: 10 };
    const first = paintPane(narrow, undefined, ['1', '2', '3', '4'].map((x) => line(`r${x}`)));
    await t.write(first.bytes);
    const p = paintPane(narrow, first.screen, ['2', '3', '4', '5'].map((x) => line(`r${x}`)));
    await t.write(p.bytes);
    expect(p.bytes).not.toMatch(/\x1b\[\d+;\d+r/);
    expect(t.screen()[1]).toBe('r2         right');
    expect(t.screen().slice(2, 5).map((r) => r.trimEnd())).toEqual(['r3', 'r4', 'r5']);
  });
});

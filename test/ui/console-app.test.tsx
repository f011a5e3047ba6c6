// The console shell with a real session and stores; only the monitor/lifecycle runtime is a
// recorder of intents. Frames are asserted ANSI-stripped.
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleApp } from '../../src/ui/app.js';
import { ThemeProvider } from '../../src/ui/theme/theme-context.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import { SERVICES_KEYS } from '../../src/ui/screens/services/services-keys.js';
import { GLOBAL_KEYS } from '../../src/ui/keys/global-keys.js';
import { renderTui, type TuiHarness } from '../helpers/ink.js';
import { healthOf, recordingSession } from '../helpers/console-session.js';

let tui: TuiHarness | undefined;
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});

function mount(env?: string, ascii = false) {
  const rec = recordingSession(undefined, env);
  let quit = 0;
  tui = renderTui(
    <ThemeProvider theme={createTheme({ color: false, ascii })}>
      <ConsoleApp session={rec.session} onQuit={() => quit++} />
    </ThemeProvider>,
  );
  return { ...rec, tui, quits: () => quit };
}

const selectedLine = (frame: string) => frame.split('\n').find((l) => /^[▶>] /.test(l)) ?? '';

describe('services table', () => {
  it('renders every service of the profile with health from the store, and updates live', async () => {
    const { session, tui } = mount();
    let frame = await tui.waitFor('worker');
    for (const name of ['db', 'api', 'web', 'worker']) expect(frame).toMatch(new RegExp(`\\b${name}\\b`));
    expect(frame).toContain('profile shop');
    expect(frame).toContain('env local');
    session.health.getState().update(
      {
        db: healthOf('db', 'unhealthy', { checks: [{ check: 'tcp#1', ok: false, latencyMs: 2000, at: Date.now(), error: 'timeout after 2s' }] }),
        api: healthOf('api', 'unhealthy', { blockedBy: ['db'], rootCause: 'db' }),
        web: healthOf('web', 'degraded', { blockedBy: ['api'], rootCause: 'db' }),
        worker: healthOf('worker', 'healthy', { latencyMs: 42 }),
      },
      Date.now(),
    );
    frame = await tui.waitFor(/api .*unhealthy .*← db unhealthy/);
    expect(frame).toMatch(/web .*degraded .*← db unhealthy via api/);
    expect(frame).toMatch(/worker .*healthy .*40ms/); // 42 ms, shown at 10 ms resolution
    // Every line fits the 80-column terminal and the frame is shorter than 24 rows.
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThan(24);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
  });

  it('moves the selection with j/k/arrows and opens the service with Enter', async () => {
    const { tui } = mount();
    await tui.waitFor('worker');
    expect(selectedLine(tui.frame())).toMatch(/\bdb\b/);
    await tui.press('j');
    await tui.waitFor(/[▶>] api/);
    await tui.press('down', 'down');
    await tui.waitFor(/[▶>] worker/);
    await tui.press('k');
    await tui.waitFor(/[▶>] web/);
    await tui.press('up');
    await tui.waitFor(/[▶>] api/);
    await tui.press('enter');
    const frame = await tui.waitFor('Checks');
    expect(frame).toContain('Orders API');
    expect(frame).toContain('owner team-orders');
    expect(frame).toContain('http-health');
    expect(frame).toContain('opsdeck restart api --env local');
    // The slot's first frame (before its feed opens) says how to open the viewer.
    expect(frame).toMatch(/Logs( api|: l opens the log viewer)/);
    await tui.waitFor('pid 4242 since');
    expect(tui.frame()).toContain('output file: /state/api.log');
    await tui.press('escape');
    await tui.waitFor('SERVICE');
    // Back on the table, the selection is where it was.
    expect(selectedLine(tui.frame())).toMatch(/\bapi\b/);
  });

  it('shows a service\'s checks with their last result and its recent health changes', async () => {
    const { tui, session } = mount();
    await tui.waitFor('worker');
    const t0 = Date.now();
    session.health.getState().update({ db: healthOf('db', 'healthy', { lastCheckAt: t0 - 2000, checks: [{ check: 'tcp#1', ok: true, latencyMs: 3, at: t0 - 2000 }] }) }, t0 - 2000);
    session.health.getState().update(
      { db: healthOf('db', 'unhealthy', { lastCheckAt: t0, checks: [{ check: 'tcp#1', ok: false, latencyMs: 2000, at: t0, error: 'timeout after 2s' }] }) },
      t0,
    );
    await tui.press('enter');
    const frame = await tui.waitFor('Recent changes');
    expect(frame).toMatch(/✖ tcp#1\s+tcp\s+2\.0s\s+\d+s ago\s+timeout after 2s/);
    expect(frame).toMatch(/\d\d:\d\d:\d\d ✖ unhealthy\s+tcp#1: timeout after 2s/);
    expect(frame).toMatch(/\d\d:\d\d:\d\d ● healthy/);
    expect(frame.split('\n').length).toBeLessThan(24);
  });

  it('generates the footer and the ? help from the key tables', async () => {
    const { tui } = mount();
    await tui.waitFor('worker');
    const footer = tui.frame().split('\n').at(-1)!;
    expect(footer).toContain('Enter open');
    expect(footer).toContain('q quit');
    tui.resize(80, 50); // the whole help on one page
    await tui.press('?');
    const help = await tui.waitFor(/:env NAME/);
    for (const b of [...SERVICES_KEYS, ...GLOBAL_KEYS]) expect(help).toContain(b.description);
    expect(help).toMatch(/:env NAME\s+switch environment/);
    // On a short terminal the help scrolls instead of overflowing the screen.
    tui.resize(80, 14);
    let short = await tui.waitFor(/Keys \(1-\d+ of \d+, j\/k scroll\)/);
    expect(short.split('\n').length).toBeLessThan(14);
    expect(short).not.toContain(':env NAME');
    await tui.press('j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j');
    short = await tui.waitFor(':env NAME');
    expect(short.split('\n').length).toBeLessThan(14);
    await tui.press('escape');
    await tui.waitForGone('Everywhere');
  });

  it('quits on q', async () => {
    const m = mount();
    await m.tui.waitFor('worker');
    await m.tui.press('q');
    expect(m.quits()).toBe(1);
  });

  it('asks before quitting while an action is under way (default No)', async () => {
    const m = mount();
    await m.tui.waitFor('worker');
    m.session.activity.getState().setBusy('api', 'restart');
    await m.tui.press('q');
    await m.tui.waitFor('restart api in progress: quit anyway?');
    await m.tui.press('enter');
    await m.tui.waitForGone('[y/N]');
    expect(m.quits()).toBe(0);
    await m.tui.press('q');
    await m.tui.waitFor('[y/N]');
    await m.tui.press('y');
    expect(m.quits()).toBe(1);
  });
});

describe('confirmations', () => {
  it('asks y/N for a restart; Enter and n cancel, y confirms', async () => {
    const { tui, actions } = mount();
    await tui.waitFor('worker');
    await tui.press('enter');
    await tui.waitFor('Checks');
    await tui.press('r');
    const frame = await tui.waitFor('[y/N]');
    expect(frame).toContain('restart db in local?');
    expect(frame).toContain('runs: opsdeck restart db --env local');
    await tui.press('enter');
    await tui.waitForGone('[y/N]');
    await tui.waitFor('cancelled');
    await tui.press('r');
    await tui.waitFor('[y/N]');
    await tui.press('n');
    await tui.waitForGone('[y/N]');
    expect(actions).toEqual([]);
    await tui.press('r');
    await tui.waitFor('[y/N]');
    await tui.press('y');
    await tui.waitFor('restart done');
    expect(actions).toEqual([{ action: 'restart', service: 'db', environment: 'local' }]);
  });

  it('offers no actions for an external service', async () => {
    const { tui, actions } = mount();
    await tui.waitFor('worker');
    await tui.press('j', 'j', 'enter');
    const frame = await tui.waitFor('Actions');
    expect(frame).toContain('none: external services');
    await tui.press('r', 's', 'x');
    expect(tui.frame()).not.toContain('[y/N]');
    expect(actions).toEqual([]);
  });

  it('in a protected environment requires the typed environment name; a wrong name asks again and swallows nothing', async () => {
    const { tui, actions } = mount();
    await tui.waitFor('worker');
    await tui.press(':');
    await tui.type('env production');
    await tui.press('enter');
    await tui.waitFor('production PROTECTED');
    await tui.press('enter');
    await tui.waitFor('Checks');
    await tui.press('x');
    const prompt = await tui.waitFor('type its name (production)');
    expect(prompt).toContain('PROTECTED environment production: type its name (production)');
    expect(prompt).toContain('runs: opsdeck stop db --env production --confirm-env production');
    await tui.type('prod');
    await tui.press('enter');
    const again = await tui.waitFor('"prod" is not production: type it again, or Esc to cancel.');
    expect(again).toContain('type its name (production)');
    expect(actions).toEqual([]);
    // The dialog is still there: a key meant for the screen behind (r = restart) is typed text.
    await tui.press('r');
    await tui.waitFor('> r');
    await tui.press('backspace');
    await tui.type('productiom');
    await tui.press('backspace');
    await tui.type('n');
    await tui.press('enter');
    await tui.waitFor('stop done');
    expect(actions).toEqual([{ action: 'stop', service: 'db', environment: 'production' }]);
  });
});

describe('environments', () => {
  it('switches with the e picker: the old monitor is closed and a new one opened', async () => {
    const { tui, opened, closed, session } = mount();
    await tui.waitFor('worker');
    session.health.getState().update({ db: healthOf('db', 'healthy') }, Date.now());
    await tui.press('e');
    await tui.waitFor('Environment');
    await tui.press('j', 'enter');
    await tui.waitFor('production PROTECTED');
    expect(opened).toEqual(['local', 'production']);
    expect(closed).toEqual(['local']);
    expect(session.health.getState().environment).toBe('production');
    expect(session.health.getState().services).toEqual({});
  });

  it('handles a burst of keys read at once (paste, fast typing over SSH) one key at a time', async () => {
    const { tui, session } = mount();
    await tui.waitFor('worker');
    await tui.press(':env production\r');
    await tui.waitFor('production PROTECTED');
    expect(session.health.getState().environment).toBe('production');
    await tui.press('jj\r');
    await tui.waitFor(/web\s+Storefront/);
  });

  it('reports an unknown :env name without leaving the environment', async () => {
    const { tui } = mount();
    await tui.waitFor('worker');
    await tui.press(':');
    await tui.waitFor(/^:\s*$/m); // the prompt is up (its key layer registers with it)
    await tui.type('env prod');
    await tui.waitFor(/^:env prod\s*$/m);
    await tui.press('enter');
    const frame = await tui.waitFor('no environment "prod"');
    expect(frame).toContain('env local');
  });
});

describe('layout', () => {
  it('re-lays out on resize and uses ASCII glyphs with --ascii', async () => {
    const { tui, session } = mount(undefined, true);
    session.health.getState().update({ db: healthOf('db', 'unhealthy'), api: healthOf('api', 'unhealthy', { blockedBy: ['db'] }) }, Date.now());
    let frame = await tui.waitFor('<- db unhealthy');
    expect(frame).toMatch(/! unhealthy/);
    expect(frame).not.toMatch(/[─●✖▶←]/);
    tui.resize(120, 30);
    frame = await tui.waitFor(/-{100}/);
    expect(frame.split('\n').length).toBeLessThan(30);
  });
});

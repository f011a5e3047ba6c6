// The real binary in an 80x24 tmux pane, on a private copy of the demo: the console starts the
// demo's services and shows them turn healthy; a failing service turns unhealthy with the
// dependency hint on its dependants; q (and SIGTERM) give the shell back with the terminal
// restored. Without a TTY the console refuses and names the headless commands.
import { expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { BIN, DemoConsoleSuite } from '../helpers/demo-console.js';
import { REPO_ROOT } from '../helpers/demo-ops-dir.js';


const suite = new DemoConsoleSuite();

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' }).trim();
const alternateOn = (p: TmuxPane) => tmux('display-message', '-p', '-t', p.session, '#{alternate_on}') === '1';

const openConsole = (args = '', env: Record<string, string> = {}): TmuxPane => suite.open({ args, env, shell: true });

/** SGR parameters that set a colour (foreground, background, 256/true colour, bright). */
function colourCodes(screenWithEscapes: string): string[] {
  const found: string[] = [];
  for (const m of screenWithEscapes.matchAll(/\x1b\[([0-9;]*)m/g)) {
    const params = m[1]!.split(';').map(Number);
    if (params.some((n) => (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107))) found.push(m[0]);
  }
  return found;
}

/** The row of the services table for `name`. */
const row = (screen: string, name: string) => screen.split('\n').find((l) => new RegExp(`^[▶> ] ${name}\\s`).test(l)) ?? '';

describeIfAvailable('console end to end (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

  it('starts the demo, shows it healthy, then a failing api unhealthy with the hint on its dependants; q gives the prompt back', async () => {
    const p = openConsole();
    await p.waitFor(/opsdeck  profile demo  env local/, 20_000);
    expect(alternateOn(p)).toBe(true);
    await p.waitFor(/demo: start(ing|ed) /, 20_000);
    let screen = await p.waitUntil((s) => ['store', 'api', 'worker', 'web'].every((n) => /healthy/.test(row(s, n)) && !/unhealthy/.test(row(s, n))), 60_000);
    for (const n of ['store', 'api', 'worker', 'web']) expect(row(screen, n)).toMatch(/running\s+● healthy/);
    // The whole frame fits: header on the first row, the footer's keys still on screen.
    expect(screen.split('\n')[0]).toMatch(/^opsdeck  profile demo/);
    expect(screen).toContain('q quit');

    // The demo's own control command, as the profile's comment tells an operator to use it.
    execFileSync(process.execPath, [suite.demo.demoBin, 'control', 'api', 'fail', '--port', String(suite.demo.ports.local!.api)], { stdio: 'ignore', timeout: 20_000 });
    screen = await p.waitUntil((s) => /unhealthy/.test(row(s, 'api')) && /← api unhealthy/.test(row(s, 'worker')) && /← api unhealthy/.test(row(s, 'web')), 30_000);
    expect(row(screen, 'store')).not.toContain('←');

    await suite.demo.control('api', 'recover');
    await p.waitUntil((s) => !/unhealthy/.test(row(s, 'api')) && !/←/.test(row(s, 'web')), 30_000);

    p.send('q');
    screen = await p.waitFor(/READY\$ \S.*\n(.*\n)*READY\$ *$/m, 15_000);
    expect(alternateOn(p)).toBe(false);
    expect(screen).toContain('--profile demo');
  }, 150_000);

  it('honours NO_COLOR and --ascii: no colour codes, ASCII glyphs, states still readable', async () => {
    const p = openConsole('--ascii', { NO_COLOR: '1' });
    await p.waitUntil((s) => /\* healthy/.test(row(s, 'store')) || /\* healthy/.test(row(s.replace(/^> /gm, '  '), 'store')), 60_000);
    const withEscapes = tmux('capture-pane', '-p', '-e', '-t', p.session);
    expect(colourCodes(withEscapes)).toEqual([]);
    const screen = p.capture();
    expect(screen).not.toMatch(/[─●✖◐○▶←▁▂▃▄▅▆▇█]/);
    expect(screen).toMatch(/^-{80}$/m);
    expect(screen).toMatch(/^> store /m);
    // The log viewer too: its rows are painted beside Ink, in plain ASCII and no colour.
    p.send('L');
    await p.waitFor(/^(store|api|worker|web)\s+\| /m, 15_000);
    const logs = p.capture();
    expect(logs).toMatch(/Logs all services\s+\* following/);
    expect(logs).not.toMatch(/[─●✖◐○▶←│⏸⚠]/);
    expect(colourCodes(tmux('capture-pane', '-p', '-e', '-t', p.session))).toEqual([]);
    p.send('Escape');
    await p.waitFor(/SERVICE\s+STATE/, 10_000);
    // Cut lines, separators and dashes too: Ink's "…", opsdeck's "·" and "—" were left (80 columns cut most titles).
    p.send('Enter');
    const service = await p.waitFor('Checks', 10_000);
    expect(service).not.toMatch(/[…·—]/);
    expect(service).toMatch(/\|/);
    p.send('Escape');
    await p.waitFor(/SERVICE\s+STATE/, 10_000);
    p.send('r');
    const runbooks = await p.waitFor('Runbooks for local', 10_000);
    expect(runbooks).not.toMatch(/[^\x00-\x7F]/);
    expect(runbooks).toMatch(/~ /);
    p.send('Escape');
    await p.waitFor(/SERVICE\s+STATE/, 10_000);
    p.send('q');
    await p.waitFor(/READY\$ \S.*\n(.*\n)*READY\$ *$/m, 15_000);
  }, 120_000);

  it('opens a service, confirms a restart (Enter cancels, y runs it) and restores the terminal on SIGTERM', async () => {
    const p = openConsole();
    await p.waitUntil((s) => /healthy/.test(row(s, 'worker')) && !/unhealthy/.test(row(s, 'worker')), 60_000);
    p.send('j');
    await p.waitFor(/▶ api /);
    p.send('j');
    await p.waitFor(/▶ worker /);
    p.send('Enter');
    await p.waitFor('Checks');
    await p.waitFor('opsdeck restart worker --env local');
    p.send('r');
    await p.waitFor('[y/N]');
    p.send('Enter');
    await p.waitFor('cancelled');
    p.send('r');
    await p.waitFor('[y/N]');
    p.send('y');
    await p.waitFor('worker: restart done', 60_000);
    const pid = tmux('display-message', '-p', '-t', p.session, '#{pane_pid}');
    // The console is the shell's only child: signal it by its pid, not the shell.
    const child = Number(execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }).trim().split('\n')[0]);
    process.kill(child, 'SIGTERM');
    await p.waitFor(/READY\$ *$/m, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(alternateOn(p)).toBe(false);
  }, 150_000);
});

it('without a terminal, prints which headless command to use and exits 2', () => {
  const r = spawnSync(process.execPath, [BIN, '--dir', join(REPO_ROOT), '--profile', 'demo'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 20_000 });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('needs a terminal');
  expect(r.stderr).toContain('opsdeck status');
});

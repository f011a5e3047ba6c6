// The log viewer in the real console (80x24 tmux pane, private demo copy): the demo's logs are
// visible merged with service prefixes, `/` narrows them, and the demo's secret — which its
// services really print — never reaches their output files nor the screen unmasked.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../helpers/run-cli.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { BIN, openFixtureConsole } from '../helpers/fixture-console.js';
import { DEMO_LOCK_TIMEOUT_MS, makeDemoOpsDir, type DemoOpsDir } from '../helpers/demo-ops-dir.js';
import { until as poll } from '../helpers/until.js';

const SECRET = 'e2e-sekret-Value-4242';
let demo: DemoOpsDir | undefined;
let pane: TmuxPane | undefined;

const until = <T>(what: string, probe: () => T | false | undefined, timeoutMs: number): Promise<T> => poll(what, probe, timeoutMs, 250, () => pane?.capture() ?? '');

describeIfAvailable('log viewer end to end (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  beforeAll(async () => {
    ensureBuilt();
    demo = await makeDemoOpsDir();
  }, DEMO_LOCK_TIMEOUT_MS);

  afterEach(() => {
    pane?.kill();
    pane = undefined;
  });

  afterAll(async () => {
    if (!demo) return;
    spawnSync(process.execPath, [BIN, 'stop', '--all', '--dir', demo.dir, '--profile', 'demo'], { env: { ...demo.env, DEMO_API_TOKEN: SECRET }, stdio: 'ignore', timeout: 60_000 });
    await demo.cleanup();
  }, 90_000);

  it('shows the merged logs, narrows them with /, and masks the secret the services print', { timeout: 180_000 }, async () => {
    const env = { ...demo!.env, DEMO_API_TOKEN: SECRET, PATH: process.env.PATH ?? '' } as Record<string, string>;
    pane = openFixtureConsole(demo!.dir, { profile: 'demo', stateDir: demo!.stateDir, cols: 80, rows: 24, env });
    await pane.waitFor(/demo: started/, 60_000);

    // The services really print the secret (by value); it is masked before their output files
    // are written, so the files under the state dir never hold it.
    const logDir = join(demo!.env.OPSDECK_STATE_DIR!, 'services', 'demo', 'local');
    const logText = (): string => ['store', 'api', 'worker', 'web'].map((s) => (existsSync(join(logDir, `${s}.log`)) ? readFileSync(join(logDir, `${s}.log`), 'utf8') : '')).join('');
    await until('a service prints the secret (masked in its file)', () => logText().includes('session key ••••••'), 120_000);
    expect(logText()).not.toContain(SECRET);

    pane.send('L');
    const merged = await pane.waitFor(/^(store|api|worker|web)\s+│ /m, 15_000);
    expect(merged).toContain('Logs all services');

    // A regex filter that matches every kind of line the secret appears in.
    pane.type('/');
    pane.type('/session key|Bearer|api_token|"token"/');
    pane.send('Enter');
    pane.send('w'); // wrap: show whole lines, masks included
    const filtered = await until('filtered lines on screen', () => {
      const screen = pane!.capture();
      return /Logs all services .*filter \/session key/.test(screen) && /│ /.test(screen) && screen.includes('••••••') && screen;
    }, 20_000);
    // Log lines, each joined back from its wrapped rows (continuations are indented).
    const entries: string[] = [];
    for (const row of filtered.split('\n').slice(3, -3)) {
      if (row.includes('│ ')) entries.push(row.slice(row.indexOf('│ ') + 2));
      else if (/^\s{3,}\S/.test(row) && entries.length) entries[entries.length - 1] += row.trim();
    }
    expect(entries.length).toBeGreaterThan(0);
    // Only the kinds of line that carry the secret are left, and each shows it masked.
    for (const entry of entries) {
      expect(entry).toMatch(/session key|Bearer|api_token|"token"/);
      expect(entry).toContain('••••••');
    }
    expect(filtered).toContain('••••••');
    expect(filtered).not.toContain(SECRET);
    expect(filtered).not.toContain(SECRET.slice(0, 12));

    // Esc clears the filter, then leaves the viewer; q quits.
    pane.send('Escape');
    await pane.waitForGone(/filter \/session key/, 10_000);
    pane.send('Escape');
    await pane.waitFor(/SERVICE\s+STATE/, 10_000);
    pane.send('q');
    await until('console exits', () => !pane!.alive(), 15_000);
  });

  it('opens on a service\'s viewer with --logs; new lines scroll in under the status line; Esc goes to the list', { timeout: 180_000 }, async () => {
    const env = { ...demo!.env, DEMO_API_TOKEN: SECRET, PATH: process.env.PATH ?? '' } as Record<string, string>;
    pane = openFixtureConsole(demo!.dir, { profile: 'demo', stateDir: demo!.stateDir, args: '--logs api', cols: 80, rows: 24, env });
    const first = await pane.waitFor(/Logs api\s+● following/, 60_000);
    const rows = (screen: string) => screen.split('\n');
    expect(rows(first)[0]).toMatch(/^opsdeck\s+profile demo/);
    // The api writes a line every few hundred ms: the pane scrolls, header and status stay put.
    const lastLine = (screen: string) => rows(screen).slice(3, 20).filter((r) => /\S/.test(r)).pop();
    const before = lastLine(await pane.waitFor(/\[api\]|service=api|"service":"api"/, 60_000));
    const later = await until('a new api line', () => {
      const screen = pane!.capture();
      return lastLine(screen) !== before && screen;
    }, 20_000);
    expect(rows(later)[0]).toMatch(/^opsdeck\s+profile demo/);
    expect(rows(later)[2]).toMatch(/^Logs api\s+● following/);
    expect(later.match(/Logs api/g)).toHaveLength(1);
    expect(later).not.toContain(SECRET);
    pane.send('Escape');
    await pane.waitFor(/SERVICE\s+STATE/, 10_000);
    const list = pane.capture();
    expect(list).not.toMatch(/\[api\] (GET|POST|PUT)/); // no log row left behind on the list
    pane.send('q');
    await until('console exits', () => !pane!.alive(), 15_000);
  });
});

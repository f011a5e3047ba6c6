import { describe, it, expect, afterEach } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { LogsScreen } from '../../../../src/ui/screens/logs/logs-screen.js';
import { LOGS_KEYS } from '../../../../src/ui/screens/logs/logs-keys.js';
import { StandaloneKeyRouter, useKeyLayer } from '../../../../src/ui/keys/use-key-layer.js';
import { PRIORITY } from '../../../../src/ui/keys/key-router.js';
import { GLOBAL_KEYS } from '../../../../src/ui/keys/global-keys.js';
import { createLogStore, feed, type LogStore } from '../../../helpers/log-feed.js';

afterEach(() => cleanup());


async function until(frame: () => string | undefined, cond: (f: string) => boolean, what: string): Promise<string> {
  const end = Date.now() + 5000;
  for (;;) {
    const f = frame() ?? '';
    if (cond(f)) return f;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last frame:\n${f}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const tick = () => new Promise((r) => setTimeout(r, 60));
const fast = { frameMs: 10, floodFrameMs: 10, pausedFrameMs: 10 };

describe('LogsScreen', () => {
  it('follows, pauses on scroll with a new-lines counter, and resumes with G', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', Array.from({ length: 30 }, (_, i) => `line ${i}`));
    const app = render(<StandaloneKeyRouter><LogsScreen store={store} services={['api']} isActive height={12} width={80} frameRates={fast} /></StandaloneKeyRouter>);
    let f = await until(app.lastFrame, (x) => x.includes('line 29'), 'newest line');
    expect(f).toContain('following');
    expect(f).not.toContain('line 10\n');
    app.stdin.write('k');
    await tick();
    app.stdin.write('\u001B[A'); // up arrow
    f = await until(app.lastFrame, (x) => x.includes('paused'), 'pause');
    expect(f).not.toContain('line 29');
    expect(f).toContain('line 27');
    feed(store, 'api', ['fresh 1', 'fresh 2', 'fresh 3']);
    f = await until(app.lastFrame, (x) => x.includes('3 new lines'), 'counter');
    expect(f).not.toContain('fresh 3');
    app.stdin.write('G');
    f = await until(app.lastFrame, (x) => x.includes('fresh 3'), 'resume');
    expect(f).toContain('following');
  });

  it('narrows with the / filter and shows the current search hit', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', ['INFO alpha', 'ERROR boom one', 'INFO beta needle', 'WARN boom two', 'INFO gamma']);
    const app = render(<StandaloneKeyRouter><LogsScreen store={store} services={['api']} isActive height={12} width={80} frameRates={fast} /></StandaloneKeyRouter>);
    await until(app.lastFrame, (x) => x.includes('INFO gamma'), 'lines');
    app.stdin.write('/');
    await tick();
    for (const ch of 'BOOM') {
      app.stdin.write(ch);
      await tick();
    }
    app.stdin.write('\r');
    let f = await until(app.lastFrame, (x) => !x.includes('INFO gamma'), 'filter');
    expect(f).toContain('ERROR boom one');
    expect(f).toContain('WARN boom two');
    expect(f).toContain('filter BOOM');
    app.stdin.write('x'); // clear
    await until(app.lastFrame, (x) => x.includes('INFO gamma'), 'cleared');
    app.stdin.write('f');
    await tick();
    for (const ch of 'needle') {
      app.stdin.write(ch);
      await tick();
    }
    app.stdin.write('\r');
    f = await until(app.lastFrame, (x) => x.includes('▶INFO beta needle'), 'search hit marker');
    expect(f).toContain('find "needle"');
    app.stdin.write(']'); // next warning or error after the hit (e stays "environment")
    await until(app.lastFrame, (x) => x.includes('▶WARN boom two'), 'jump to warning');
    expect(app.lastFrame()).toContain('] next warn/err');
  });

  it('merges services with a prefix per service and shows a source error', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', ['api says hi']);
    feed(store, 'db', ['db says hello sekrit-value-1']);
    store.getState().setError('db:test', 'exited with code 1; restarting in 2s');
    const app = render(<LogsScreen store={store} isActive height={12} width={80} frameRates={fast} />);
    const f = await until(app.lastFrame, (x) => x.includes('db says'), 'merged lines');
    expect(f).toContain('api │ api says hi');
    expect(f).toContain('db  │ db says hello ••••••');
    expect(f).toContain('⚠ db: exited with code 1');
    // Never as tall as the terminal: the frame keeps to the given height.
    expect(f.split('\n').length).toBeLessThanOrEqual(12);
  });

  it('renders only the visible window however many lines are kept', async () => {
    const store = createLogStore(5000);
    feed(store, 'api', Array.from({ length: 5000 }, (_, i) => `bulk ${i}`));
    const app = render(<LogsScreen store={store} services={['api']} isActive height={10} width={60} frameRates={fast} />);
    const f = await until(app.lastFrame, (x) => x.includes('bulk 4999'), 'newest');
    expect(f.split('\n').filter((l) => l.startsWith('bulk ')).length).toBe(7);
  });
});

/** A global layer like the console's (q quits, e switches environment) under the viewer. */
function WithGlobalKeys({ store, onBack, pressed }: { store: LogStore; onBack: () => void; pressed: string[] }) {
  useKeyLayer(PRIORITY.global, GLOBAL_KEYS, (action) => void pressed.push(action));
  return <LogsScreen store={store} services={['api']} isActive height={12} width={80} frameRates={fast} onBack={onBack} />;
}

describe('LogsScreen keys through the router', () => {
  it('text typed into the filter never reaches the global keys; Esc clears the filter, then goes back', async () => {
    const store = createLogStore(1000);
    feed(store, 'api', ['INFO queue empty', 'WARN other']);
    const pressed: string[] = [];
    let back = 0;
    const app = render(<StandaloneKeyRouter><WithGlobalKeys store={store} onBack={() => back++} pressed={pressed} /></StandaloneKeyRouter>);
    await until(app.lastFrame, (x) => x.includes('WARN other'), 'lines');
    app.stdin.write('/');
    await until(app.lastFrame, (x) => x.includes('filter (text or /regex/)'), 'filter line');
    for (const ch of 'queue') {
      app.stdin.write(ch);
      await tick();
    }
    app.stdin.write('\r');
    await until(app.lastFrame, (x) => x.includes('filter queue') && !x.includes('WARN other'), 'filtered');
    expect(pressed).toEqual([]);
    app.stdin.write('\x1b');
    await until(app.lastFrame, (x) => !x.includes('filter queue') && x.includes('WARN other'), 'filter cleared');
    expect(back).toBe(0);
    app.stdin.write('\x1b');
    await until(() => String(back), (x) => x === '1', 'back');
    app.stdin.write('q');
    await until(() => pressed.join(','), (x) => x === 'quit', 'q reaches the global layer');
  });
});

describe('LOGS_KEYS', () => {
  it('has a description for every key and no clashes', () => {
    const seen = new Set<string>();
    for (const k of LOGS_KEYS) {
      expect(k.description.length).toBeGreaterThan(3);
      for (const key of k.keys) {
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    }
  });
});

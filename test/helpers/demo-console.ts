// The console on a private copy of the demo, in a tmux pane, started as a user's shell starts it
// after `npm start`: the real binary, `--dir DEMO --profile demo`, and only what that shell has
// (OPSDECK_STATE_DIR, OPSDECK_DIR, DEMO_API_TOKEN for the demo's inherit_env, PATH).
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { TmuxPane } from './tmux.js';
import { DEMO_LOCK_TIMEOUT_MS, makeDemoOpsDir, REPO_ROOT, type DemoOpsDir } from './demo-ops-dir.js';
import { BIN, openFixtureConsole } from './fixture-console.js';
import { ensureBuilt } from './run-cli.js';

export { BIN };

export interface DemoConsoleOptions {
  /** Appended to the command line after a space (e.g. '--ascii'). */
  args?: string;
  /** More environment for the shell (over the defaults). @default { NO_COLOR: '1' } */
  env?: Record<string, string>;
  /** The console's working directory (where `x` writes a postmortem draft). @default REPO_ROOT */
  cwd?: string;
  /** Start an interactive shell first and type the command (see startTmux). @default false */
  shell?: boolean;
}

export function openDemoConsole(demo: DemoOpsDir, o: DemoConsoleOptions = {}): TmuxPane {
  const { OPSDECK_STATE_DIR, OPSDECK_DIR, DEMO_API_TOKEN } = demo.env;
  return openFixtureConsole(demo.dir, {
    profile: 'demo', stateDir: OPSDECK_STATE_DIR!, args: o.args, cols: 80, rows: 24, cwd: o.cwd ?? REPO_ROOT, shell: o.shell,
    env: { OPSDECK_DIR: OPSDECK_DIR!, DEMO_API_TOKEN: DEMO_API_TOKEN!, ...(o.env ?? { NO_COLOR: '1' }) },
  });
}

/** Stops every demo service a console started, in every environment (the demo's fixed ports are then free again). */
export function stopDemoServices(demo: DemoOpsDir): void {
  for (const env of Object.keys(demo.ports)) spawnSync(process.execPath, [BIN, 'stop', '--all', '--env', env, '--dir', demo.dir, '--profile', 'demo'], { env: demo.env, stdio: 'ignore', timeout: 60_000 });
}

/**
 * A tmux suite on a private copy of the shipped demo. Made at module level, installed inside
 * the suite's describe (so a skipped suite makes nothing): the copy is made before the first
 * test (holding the demo ports' lock), every pane a test opened is killed after it, and after
 * the last `beforeCleanup` runs, the demo's services are stopped and the copy removed.
 */
export class DemoConsoleSuite {
  private made?: DemoOpsDir;
  private readonly panes: TmuxPane[] = [];

  get demo(): DemoOpsDir {
    if (!this.made) throw new Error('the demo copy is made in beforeAll: install() the suite inside its describe');
    return this.made;
  }

  install(o: { beforeCleanup?: (demo: DemoOpsDir) => void } = {}): void {
    beforeAll(async () => {
      ensureBuilt();
      this.made = await makeDemoOpsDir();
    }, DEMO_LOCK_TIMEOUT_MS);
    afterEach(() => {
      for (const p of this.panes.splice(0)) p.kill();
    });
    afterAll(async () => {
      if (!this.made) return;
      o.beforeCleanup?.(this.made);
      stopDemoServices(this.made);
      await this.made.cleanup();
    }, 120_000);
  }

  /** The console in a new pane, killed after the test. */
  open(o: DemoConsoleOptions = {}): TmuxPane {
    const pane = openDemoConsole(this.demo, o);
    this.panes.push(pane);
    return pane;
  }
}

/**
 * Types a `:` command line. Each key goes only once the screen shows the state it acts on: a
 * `:` and the text sent together reach the console as one input, which no key binding matches.
 */
export async function typeCommand(p: TmuxPane, text: string): Promise<void> {
  p.type(':');
  await p.waitFor(/^: *$/m);
  p.type(text);
  await p.waitFor(new RegExp(`^:${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} *$`, 'm'));
  p.send('Enter');
}

// The console on an ops dir (a test's own, or a copy of the demo) in a tmux pane, started as a
// user's shell starts it: the real binary, `--dir DIR --profile NAME`, in the repository, with
// only the environment a shell has (OPSDECK_STATE_DIR, PATH and what the test adds), never the
// test runner's.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTmux, type TmuxPane } from './tmux.js';
import { REPO_ROOT } from './demo-ops-dir.js';
import { ensureBuilt } from './run-cli.js';
import { removeTempDirs } from './temp-dir.js';

export const BIN = join(REPO_ROOT, 'bin', 'opsdeck.js');

export interface FixtureConsoleOptions {
  /** The profile the console opens (`--profile`). */
  profile: string;
  /** The console's OPSDECK_STATE_DIR. */
  stateDir: string;
  /** Appended to the command line after a space (written by the test, never from input), e.g. '--env prod'. */
  args?: string;
  /** More environment for the shell (over OPSDECK_STATE_DIR and PATH). @default { NO_COLOR: '1' } */
  env?: Record<string, string>;
  /** @default 100 */
  cols?: number;
  /** @default 30 */
  rows?: number;
  /** The console's working directory. @default REPO_ROOT */
  cwd?: string;
  /** Start an interactive shell first and type the command (see startTmux). @default false */
  shell?: boolean;
}

export function openFixtureConsole(opsDir: string, o: FixtureConsoleOptions): TmuxPane {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --dir ${JSON.stringify(opsDir)} --profile ${o.profile}${o.args ? ` ${o.args}` : ''}`;
  return startTmux(command, {
    cols: o.cols ?? 100, rows: o.rows ?? 30, cwd: o.cwd ?? REPO_ROOT, shell: o.shell,
    env: { OPSDECK_STATE_DIR: o.stateDir, PATH: process.env.PATH ?? '', ...(o.env ?? { NO_COLOR: '1' }) },
  });
}

/**
 * A tmux suite on ops dirs of its own, installed inside the suite's describe: the binary is built
 * before the first test, every pane a test opened is killed after it, and after the last
 * `beforeCleanup` runs, the temp dirs (test/helpers/temp-dir.ts) are removed.
 */
export class FixtureConsoleSuite {
  private readonly panes: TmuxPane[] = [];

  install(o: { beforeCleanup?: () => void } = {}): void {
    beforeAll(() => ensureBuilt());
    afterEach(() => {
      for (const p of this.panes.splice(0)) p.kill();
    });
    afterAll(() => {
      o.beforeCleanup?.();
      removeTempDirs();
    });
  }

  /** The console in a new pane, killed after the test. */
  open(opsDir: string, o: FixtureConsoleOptions): TmuxPane {
    const pane = openFixtureConsole(opsDir, o);
    this.panes.push(pane);
    return pane;
  }
}

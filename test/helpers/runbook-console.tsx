// A console session over an ops dir with a private state dir, rendered in ink-testing-library,
// for component tests of whole screens: the runbook screens (the console fixtures' profile shop,
// runbooks greet and pick) and the incident screens (a test's own ops dir). Runs are real: real
// child processes, a real journal under the temp state dir; the service runtime is idle.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { ConsoleApp } from '../../src/ui/app.js';
import { ThemeProvider } from '../../src/ui/theme/theme-context.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import { createConsoleSession } from '../../src/services/console/console-session.js';
import type { ConsoleSession } from '../../src/services/console/console-session-types.js';
import type { SessionDeps } from '../../src/services/console/console-session-deps.js';
import type { Profile } from '../../src/domain/profile/profile-model.js';
import { CONSOLE_FIXTURES, shopProfile } from './console-session.js';
import { renderTui, type TuiHarness } from './ink.js';
import { removeTempDirs, tempDir } from './temp-dir.js';

const idleRuntime: SessionDeps = {
  open: () => ({ actionsFor: () => [], isRunning: async () => true, status: async () => undefined, run: async () => {}, startAll: async () => {}, close: async () => {} }),
};

export interface ConsoleMountOptions {
  root: string;
  profile: Profile;
  /** @default the profile's first environment */
  environment?: string;
  size?: { columns?: number; rows?: number };
  /** @default a new temp dir */
  stateDir?: string;
  /** The ASCII glyph set (--ascii). @default false */
  ascii?: boolean;
  /** @default 'detached' (the session's default) */
  runMode?: 'detached' | 'in-process';
  /** Read-only mode (--readonly). @default false */
  readonly?: boolean;
}

export interface MountedConsole {
  session: ConsoleSession;
  tui: TuiHarness;
  stateDir: string;
  /** Unmounts the screen and disposes the session (its runs, watchers, timers); once. */
  close(): Promise<void>;
}

/** Mounted and not closed yet; a test file has its own module, so its own set. */
const open = new Set<MountedConsole>();

/**
 * For a test file: after each test, closes every console it mounted (a failed assertion
 * included), and after the file, removes its temp dirs.
 */
export function closeConsolesAfterEach(): void {
  afterEach(async () => {
    for (const m of [...open]) await m.close();
  });
  afterAll(removeTempDirs);
}

export function mountConsole(o: ConsoleMountOptions): MountedConsole {
  const stateDir = o.stateDir ?? tempDir('opsdeck-ui-');
  const env = { ...process.env, OPSDECK_STATE_DIR: stateDir };
  const session = createConsoleSession({ ops: { root: o.root, embedded: false }, profile: o.profile, environment: o.environment, env, autoStart: false, runMode: o.runMode, readonly: o.readonly }, idleRuntime);
  const tui = renderTui(
    <ThemeProvider theme={createTheme({ color: false, ascii: o.ascii ?? false })}>
      <ConsoleApp session={session} onQuit={() => {}} />
    </ThemeProvider>,
    o.size,
  );
  const mounted: MountedConsole = {
    session,
    tui,
    stateDir,
    close: async () => {
      if (!open.delete(mounted)) return;
      tui.unmount();
      await session.dispose();
    },
  };
  open.add(mounted);
  return mounted;
}

/** `root`: another ops dir with the same shop profile (tests that need their own runbooks); `stateDir`: one prepared beforehand. */
export function mountRunbookConsole(environment = 'local', size?: { columns?: number; rows?: number }, root = CONSOLE_FIXTURES, stateDir = tempDir('opsdeck-rb-ui-')): MountedConsole {
  return mountConsole({ root, profile: shopProfile(root), environment, size, stateDir, runMode: 'in-process' });
}

/**
 * A temp ops dir for tests that need their own runbooks beside the console fixtures' shop profile;
 * returns its root. `runbooks`: file name under runbooks/ → YAML, or a function of the root for
 * runbooks whose steps use paths inside it (gate files, logs).
 */
export function runbookOpsDir(prefix: string, runbooks: Record<string, string> | ((root: string) => Record<string, string>)): string {
  const root = tempDir(prefix);
  mkdirSync(join(root, 'profiles'));
  mkdirSync(join(root, 'runbooks'));
  copyFileSync(join(CONSOLE_FIXTURES, 'profiles', 'shop.yaml'), join(root, 'profiles', 'shop.yaml'));
  for (const [file, yaml] of Object.entries(typeof runbooks === 'function' ? runbooks(root) : runbooks)) writeFileSync(join(root, 'runbooks', file), yaml);
  return root;
}

/**
 * Starts a runbook that takes no inputs from the home screen: `:run NAME`, Enter, Enter past the
 * empty inputs form, Enter on the plan. Each key is sent only once the screen shows the state it
 * acts on. Returns when the last Enter is sent; the run screen is the caller's to wait for.
 */
export async function startRun(tui: TuiHarness, name: string, planTitle: string): Promise<void> {
  await tui.waitFor('worker');
  await tui.press(':');
  await tui.waitFor(/^:\s*$/m);
  await tui.type(`run ${name}`);
  await tui.waitFor(`:run ${name}`);
  await tui.press('enter');
  await tui.waitFor('takes no inputs');
  await tui.press('enter');
  await tui.waitFor(`Plan: ${planTitle}`);
  await tui.press('enter');
}

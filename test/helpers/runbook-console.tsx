// A console session over the console fixtures (profile shop, runbooks greet and pick) with a
// private state dir, for the runbook screens' component tests. Runs are real: real child
// processes, a real journal under the temp state dir.
import { ConsoleApp } from '../../src/ui/app.js';
import { ThemeProvider } from '../../src/ui/theme/theme-context.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import { createConsoleSession } from '../../src/services/console/console-session.js';
import type { ConsoleSession } from '../../src/services/console/console-session-types.js';
import type { SessionDeps } from '../../src/services/console/console-session-deps.js';
import { CONSOLE_FIXTURES, shopProfile } from './console-session.js';
import { renderTui, type TuiHarness } from './ink.js';
import { tempDir } from './temp-dir.js';

const idleRuntime: SessionDeps = {
  open: () => ({ actionsFor: () => [], isRunning: async () => true, status: async () => undefined, run: async () => {}, startAll: async () => {}, close: async () => {} }),
};

/** `root`: another ops dir with the same shop profile (tests that need their own runbooks); `stateDir`: one prepared beforehand. */
export function mountRunbookConsole(environment = 'local', size?: { columns?: number; rows?: number }, root = CONSOLE_FIXTURES, stateDir = tempDir('opsdeck-rb-ui-')): { session: ConsoleSession; tui: TuiHarness; stateDir: string } {
  const env = { ...process.env, OPSDECK_STATE_DIR: stateDir };
  const session = createConsoleSession({ ops: { root, embedded: false }, profile: shopProfile(root), environment, env, autoStart: false, runMode: 'in-process' }, idleRuntime);
  const tui = renderTui(
    <ThemeProvider theme={createTheme({ color: false, ascii: false })}>
      <ConsoleApp session={session} onQuit={() => {}} />
    </ThemeProvider>,
    size,
  );
  return { session, tui, stateDir };
}

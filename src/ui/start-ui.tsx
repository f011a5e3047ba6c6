// Mounts the console on the terminal: alternate screen, production-friendly Ink options, and
// the one exit path that restores the terminal however the console ends.
import { render, type Instance } from 'ink';
import type { GlobalValues } from '../cli/cli-args.js';
import { resolveOpsDir } from '../adapters/fs/ops-dir.js';
import { EXIT } from '../domain/errors.js';
import type { ConsoleSession } from '../services/console-session-types.js';
import { createConsoleSession } from '../services/console-session.js';
import { Root } from './root.js';
import { ThemeProvider } from './theme/theme-context.js';
import { colourWanted, createTheme } from './theme/theme.js';
import { createExitPath } from './terminal.js';

/** Frames per second: enough for live health, cheap over a slow SSH link. */
export const MAX_FPS = 15;

export async function startUi(values: GlobalValues, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ops = resolveOpsDir(values.dir, env);
  const theme = createTheme({ color: colourWanted(env), ascii: !!values.ascii });
  let ink: Instance | undefined;
  let session: ConsoleSession | undefined;
  const path = createExitPath({
    stdout: process.stdout,
    stdin: process.stdin,
    stderr: process.stderr,
    release: async () => {
      ink?.unmount();
      await session?.dispose();
    },
  });
  path.enter();
  try {
    ink = render(
      <ThemeProvider theme={theme}>
        <Root
          ops={ops}
          profileName={values.profile ?? env.OPSDECK_PROFILE}
          openSession={(profile) => createConsoleSession({ ops, profile, environment: values.env ?? env.OPSDECK_ENV, env })}
          onSession={(s) => (session = s)}
          onQuit={() => path.exit(EXIT.ok)}
        />
      </ThemeProvider>,
      { exitOnCtrlC: false, patchConsole: false, maxFps: MAX_FPS },
    );
    ink.waitUntilExit().catch((e: unknown) => path.exit(EXIT.bug, e));
  } catch (e) {
    path.exit(EXIT.bug, e);
  }
  const code = await path.done;
  // A leaked handle must not keep a closed console alive; normal quits release everything.
  setTimeout(() => process.exit(code), 2000).unref();
  return code;
}

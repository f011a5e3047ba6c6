// Mounts the console on the terminal: alternate screen, production-friendly Ink options, and
// the one exit path that restores the terminal however the console ends.
import { render, type Instance } from 'ink';
import { EXIT } from '../domain/errors.js';
import type { OpsDir } from '../domain/profile/ops-dir.js';
import type { ConsoleSession } from '../services/console/console-session-types.js';
import { createConsoleSession } from '../services/console/console-session.js';
import { Root } from './root.js';
import { ThemeProvider } from './theme/theme-context.js';
import { asciiSameWidth, colourWanted, createTheme } from './theme/theme.js';
import { filterFrameText } from './ink/sparse-output.js';
import { createExitPath } from './terminal.js';
import { TerminalSurface } from './paint/terminal-surface.js';
import { PaintSurfaceProvider } from './paint/painted-pane.js';
import { startDiagnostics } from './diagnostics.js';

/**
 * Cap on Ink frames per second. Frames follow store updates, which publish at bounded rates; the
 * cap merges bursts: a commit that lands within 1/MAX_FPS of the previous one waits for the
 * throttle. A commit that answers a key does not: the bundle draws it in the next turn of the
 * event loop (ink/key-frame.ts).
 */
export const MAX_FPS = 30;

/** What the CLI (cli/commands/tui.ts) resolved from argv and the environment. */
export interface StartUiOptions {
  ops: OpsDir;
  /** The profile to open; the picker is shown when omitted and there are several. */
  profileName?: string;
  /** The environment to open; the profile's first when omitted. */
  environment?: string;
  ascii?: boolean;
  /** Read-only mode (--readonly, OPSDECK_READONLY=1): nothing that changes anything is offered. @default false */
  readonly?: boolean;
  /** Open the log viewer at once on these services (`--logs`). */
  logs?: string;
  /** Prints the error that ended the console, returns its exit code (the CLI's one handler). */
  reportError(error: unknown, stderr: NodeJS.WritableStream): number;
}

export async function startUi(options: StartUiOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { ops } = options;
  const theme = createTheme({ color: colourWanted(env), ascii: !!options.ascii });
  // Bundled, Ink draws through sparse-output.ts: with --ascii, no "…" or "·" reaches the terminal.
  filterFrameText(options.ascii ? asciiSameWidth : undefined);
  let ink: Instance | undefined;
  let session: ConsoleSession | undefined;
  // Log panes paint their own rows on a real terminal (see paint/terminal-surface.ts).
  const surface = process.stdout.isTTY ? new TerminalSurface(process.stdout, theme.color) : undefined;
  const stopDiagnostics = startDiagnostics(env.OPSDECK_DIAGNOSTICS, Number(env.OPSDECK_DIAGNOSTICS_MS) || undefined);
  const path = createExitPath({
    stdout: process.stdout,
    stdin: process.stdin,
    stderr: process.stderr,
    reportError: options.reportError,
    release: async () => {
      stopDiagnostics();
      surface?.close();
      ink?.unmount();
      await session?.dispose();
    },
  });
  path.enter();
  try {
    ink = render(
      <ThemeProvider theme={theme}>
        <PaintSurfaceProvider surface={surface}>
          <Root
            ops={ops}
            profileName={options.profileName}
            openSession={(profile) => createConsoleSession({ ops, profile, environment: options.environment, env, readonly: options.readonly })}
            onSession={(s) => (session = s)}
            onQuit={() => path.exit(EXIT.ok)}
            openLogs={options.logs}
          />
        </PaintSurfaceProvider>
      </ThemeProvider>,
      { exitOnCtrlC: false, patchConsole: false, maxFps: MAX_FPS, ...(surface?.inkOptions() ?? { stdout: process.stdout }) },
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

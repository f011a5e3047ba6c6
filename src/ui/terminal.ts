// The console's one exit path. Whatever ends the console — q, a thrown error, an uncaught
// exception, an unhandled rejection, SIGTERM, SIGHUP, SIGINT — goes through `exit()`, which
// unmounts Ink, disposes the session (timers, sockets, children), restores the terminal (raw
// mode off, cursor shown, alternate screen left) and only then prints the error.

export const ALT_SCREEN_ENTER = '\x1b[?1049h\x1b[H';
export const ALT_SCREEN_LEAVE = '\x1b[?1049l';
export const CURSOR_SHOW = '\x1b[?25h';

/** Exit codes for signals follow the shell convention 128 + signal number. */
export const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export interface ExitPathOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WritableStream;
  /** Prints the error that ended the console (after the terminal is restored), returns the exit code. */
  reportError(error: unknown, stderr: NodeJS.WritableStream): number;
  /** Releases what the console holds (Ink unmount, session dispose). Bounded by `disposeTimeoutMs`. */
  release(): Promise<void> | void;
  /** @default 3000 */
  disposeTimeoutMs?: number;
  /** Installs process-wide handlers (signals, uncaught errors). @default true */
  processHandlers?: boolean;
}

export interface ExitPath {
  /** Enters the alternate screen; call before mounting Ink. */
  enter(): void;
  exit(code: number, error?: unknown): void;
  /** Resolves with the exit code once the terminal is restored. */
  readonly done: Promise<number>;
}

export function createExitPath(options: ExitPathOptions): ExitPath {
  const { stdout, stdin, stderr } = options;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  let entered = false;
  let exiting = false;
  const handlers: [string, (...args: unknown[]) => void][] = [];

  const restore = () => {
    try {
      if (stdin.isTTY) stdin.setRawMode?.(false);
    } catch {
      /* stdin already closed */
    }
    if (entered) stdout.write(CURSOR_SHOW + ALT_SCREEN_LEAVE);
    else stdout.write(CURSOR_SHOW);
    entered = false;
  };

  const exit = (code: number, error?: unknown) => {
    if (exiting) return;
    exiting = true;
    void (async () => {
      try {
        await Promise.race([
          Promise.resolve().then(() => options.release()),
          new Promise((r) => setTimeout(r, options.disposeTimeoutMs ?? 3000).unref()),
        ]);
      } catch (e) {
        error ??= e;
      }
      restore();
      for (const [event, handler] of handlers) process.off(event, handler);
      const finalCode = error === undefined ? code : options.reportError(error, stderr);
      resolveDone(finalCode);
    })();
  };

  if (options.processHandlers ?? true) {
    const on = (event: string, handler: (...args: unknown[]) => void) => {
      handlers.push([event, handler]);
      process.on(event, handler);
    };
    for (const sig of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) on(sig, () => exit(SIGNAL_EXIT[sig]));
    on('uncaughtException', (err) => exit(70, err));
    on('unhandledRejection', (reason) => exit(70, reason));
    // Last resort if something bypasses everything above (process.exit elsewhere).
    on('exit', () => {
      if (entered) restore();
    });
  }

  return {
    enter: () => {
      stdout.write(ALT_SCREEN_ENTER);
      entered = true;
    },
    exit,
    done,
  };
}

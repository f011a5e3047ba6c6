// Drives the real binary in a tmux pane, as an operator in an SSH session would use it.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface TmuxPane {
  readonly session: string;
  /** Keys as tmux send-keys understands them: 'q', 'Enter', 'Escape', 'Down', 'C-c'. */
  send(...keys: string[]): void;
  /** Literal text, typed character by character (no key-name interpretation). */
  type(text: string): void;
  capture(): string;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  waitForGone(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Polls the screen until `ok(screen)` (a condition a pattern says badly, e.g. about one row); the screen then. */
  waitUntil(ok: (screen: string) => boolean, timeoutMs?: number, what?: string): Promise<string>;
  /** True while the pane's process is still running. */
  alive(): boolean;
  kill(): void;
}

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface TmuxOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * Starts `command` (a shell command line written by the test itself, never from input) in a
 * detached pane. With `shell: true` the pane runs an interactive shell first, so tests can see
 * the prompt come back after the program exits.
 */
// tmux's server exits when its last session ends; a new-session that reaches it while it shuts
// down fails with "server exited unexpectedly" (seen in CI when another test's pane had just
// closed). One idle session per test process keeps the server up for as long as we use it.
let keepalive: string | undefined;
function keepServerAlive(): void {
  if (keepalive) return;
  // The random part: a worker killed before its exit hook leaves its session behind, and a later
  // worker may get the same pid ("duplicate session").
  const name = `opsdeck-keepalive-${process.pid}-${randomBytes(3).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      tmux('new-session', '-d', '-s', name, 'sleep', '3600');
      break;
    } catch (err) {
      if (attempt >= 3) throw err; // only the shutdown race above is worth another try
    }
  }
  keepalive = name;
  process.once('exit', () => {
    try {
      execFileSync('tmux', ['kill-session', '-t', name], { stdio: 'ignore' });
    } catch {
      /* server already gone */
    }
  });
}

export function startTmux(command: string, options: TmuxOptions & { shell?: boolean } = {}): TmuxPane {
  keepServerAlive();
  const session = `opsdeck-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const envArgs = Object.entries({ TERM: 'xterm-256color', LANG: 'C.UTF-8', ...options.env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const start = options.shell ? ['bash', '--norc', '--noprofile'] : ['bash', '-c', command];
  tmux('new-session', '-d', '-s', session, '-x', String(options.cols ?? 80), '-y', String(options.rows ?? 24), ...(options.cwd ? ['-c', options.cwd] : []), ...envArgs, ...start);
  tmux('set-option', '-t', session, 'remain-on-exit', 'on');
  const pane: TmuxPane = {
    session,
    send: (...keys) => void tmux('send-keys', '-t', session, ...keys),
    type: (text) => void tmux('send-keys', '-t', session, '-l', text),
    capture: () => tmux('capture-pane', '-p', '-t', session),
    alive: () => {
      try {
        return tmux('display-message', '-p', '-t', session, '#{pane_dead}').trim() === '0';
      } catch {
        return false;
      }
    },
    waitFor: (pattern, timeoutMs = 15_000) => waitScreen(pane, pattern, true, timeoutMs),
    waitForGone: (pattern, timeoutMs = 15_000) => waitScreen(pane, pattern, false, timeoutMs),
    waitUntil: (ok, timeoutMs = 15_000, what = 'the screen to be as expected') => pollScreen(pane, ok, timeoutMs, what),
    kill: () => {
      try {
        tmux('kill-session', '-t', session);
      } catch {
        /* already gone */
      }
    },
  };
  if (options.shell) {
    pane.send('PS1="READY$ "', 'Enter');
    pane.type(command);
    pane.send('Enter');
  }
  return pane;
}

async function waitScreen(pane: TmuxPane, pattern: RegExp | string, present: boolean, timeoutMs: number): Promise<string> {
  const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
  return pollScreen(pane, (screen) => re.test(screen) === present, timeoutMs, `${present ? '' : 'absence of '}${re}`);
}

async function pollScreen(pane: TmuxPane, ok: (screen: string) => boolean, timeoutMs: number, what: string): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < deadline) {
    screen = pane.capture();
    if (ok(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what} in tmux pane:\n${screen}`);
}

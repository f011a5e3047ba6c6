// Runs the real built binary (bin/opsdeck.js) as a child process without a terminal, and
// asynchronously, so servers in the test process keep answering while it runs.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm test` builds first; a lone `vitest run` of one file builds here only when dist is missing
 * (run `npm run build` after editing sources). Never rebuild unconditionally: other suites'
 * consoles, running at the same time, load their chunks lazily from dist.
 */
export function ensureBuilt(): void {
  if (!existsSync(`${REPO}/dist/cli/main.js`)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env` is laid over the test's own environment. A run past `timeoutMs` is killed and rejected. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [`${REPO}/bin/opsdeck.js`, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`opsdeck ${args.join(' ')} timed out after ${timeoutMs}ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs?: number): Promise<CliResult> {
  return startCli(args, env, timeoutMs).done;
}

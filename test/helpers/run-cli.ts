// Runs the built CLI (bin/opsdeck.js) as a real child process, asynchronously so that servers
// in the test process keep answering while it runs. (Merged: the health/tui helper and the
// runbook-engine one; `env` is added to process.env, NO_COLOR set.)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** `npm test` builds first; a lone `vitest run` of one file builds here if needed. */
export function ensureBuilt(): void {
  if (!existsSync(`${REPO}/dist/cli/main.js`)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [`${REPO}/bin/opsdeck.js`, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Rejects (after killing the child) when it runs longer than `timeoutMs`. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<CliResult> {
  const { child, done } = startCli(args, env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`opsdeck ${args.join(' ')} timed out`));
    }, timeoutMs);
    void done.then((r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
}

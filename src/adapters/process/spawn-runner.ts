// Starts `opsdeck __runner RUN` as a detached process: its own session and process group
// (setsid via detached:true), stdio to <runDir>/runner.log, unref'd — so a dropped SSH session
// (SIGHUP to the console's group) or a closed console never reaches it.
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { openStateFile } from '../fs/state-dir.js';
import { runPaths } from '../fs/run-store.js';

export function spawnRunner(runId: string, env: NodeJS.ProcessEnv = process.env): number {
  const paths = runPaths(runId, env);
  const log = openStateFile(paths.log, 'append');
  try {
    // The same entry point that is running now (bin/opsdeck.js or a bundle), same node.
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, '__runner', runId], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...env, OPSDECK_RUNNER: runId },
      cwd: process.cwd(),
    });
    child.unref();
    return child.pid ?? -1;
  } finally {
    closeSync(log);
  }
}

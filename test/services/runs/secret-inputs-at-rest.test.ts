// A secret input a waiting or interrupted run needs is never written beside its journal:
// request.json holds only the other inputs; the secret waits in a 0600 file in the user's
// private runtime dir, and is gone when the run ends. The real binary and runner.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli } from '../../helpers/run-cli.js';
import { runFixture } from '../../helpers/run-fixture.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';

afterAll(removeTempDirs);

const SECRET = 'Pw-at-rest-93f1c2-secret';
const RUNBOOK = `name: rot
title: Rotate
inputs:
  - { name: pw, secret: true }
  - { name: who, default: ops }
steps:
  - id: one
    confirm: true
    run: [echo, "set {{ inputs.pw }} for {{ inputs.who }}"]
`;

/** Every byte of every file under `dir`. */
function allBytes(dir: string): string {
  let out = '';
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    if (e.isFile()) out += readFileSync(p, 'latin1');
  }
  return out;
}

describe('secret inputs at rest', () => {
  it('are kept out of the state dir while a run waits or is interrupted, and removed when it ends', async () => {
    ensureBuilt();
    const fx = runFixture({ rot: RUNBOOK });
    const runtime = tempDir('opsdeck-xdg-');
    const env = { ...fx.env, XDG_RUNTIME_DIR: runtime };
    const started = await runCli(['run', 'rot', '--env', 'local', '--detach', '--input', `pw=${SECRET}`], env);
    expect(started.stderr + started.stdout).not.toContain(SECRET);
    const runId = started.stdout.trim();
    const runDir = join(fx.stateDir, 'runs', runId);
    const status = () => JSON.parse(readFileSync(join(runDir, 'status.json'), 'utf8')) as { state: string; pid: number };
    await until('the run waits for an operator', () => status().state === 'waiting', 30_000);

    const request = JSON.parse(readFileSync(join(runDir, 'request.json'), 'utf8')) as { inputs: Record<string, string>; secretInputs: string[] };
    expect(request.inputs.pw).toBeUndefined();
    expect(request.secretInputs).toEqual(['pw']);
    expect(allBytes(fx.stateDir)).not.toContain(SECRET);
    const kept = join(runtime, `opsdeck-${process.getuid!()}`, 'run-inputs', `${runId}.json`);
    expect(statSync(kept).mode & 0o777).toBe(0o600);

    // The runner dies: the run is interrupted, the secret still only in the runtime file.
    process.kill(status().pid, 'SIGKILL');
    await until('the runner is gone', () => {
      try {
        process.kill(status().pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 10_000);
    expect(allBytes(fx.stateDir)).not.toContain(SECRET);
    expect(existsSync(kept)).toBe(true);

    // Resumed and aborted: the run ends, and the secret goes with it.
    const resumed = await runCli(['resume', runId, '--abort'], env);
    expect(resumed.stdout + resumed.stderr).not.toContain(SECRET);
    await until('the run has finished', () => status().state === 'finished', 30_000);
    await until('the secret file is removed', () => !existsSync(kept), 10_000);
    expect(existsSync(join(runDir, 'request.json'))).toBe(false);
    expect(allBytes(fx.stateDir)).not.toContain(SECRET);
  }, 90_000);
});

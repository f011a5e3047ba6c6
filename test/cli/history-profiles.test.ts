// A state dir shared by several profiles: `opsdeck history` says whose each run is (the console
// lists only its own profile's runs, so the two looked as if they disagreed).
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { writePastRun } from '../helpers/past-runs.js';

afterAll(removeTempDirs);

describe('opsdeck history over several profiles', () => {
  it('one profile: ENV as before; two: PROFILE/ENV on each row', async () => {
    const state = tempDir();
    const env = { OPSDECK_STATE_DIR: state, OPSDECK_DIR: tempDir() };
    const at = Date.UTC(2026, 10, 1, 12, 0, 0);
    writePastRun(state, { profile: 'demo', environment: 'local', startedAt: at, random: 'aaaaaa' });
    let r = await runCli(['history'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^RUN +RUNBOOK +ENV +OUTCOME/m);
    writePastRun(state, { profile: 'shop', environment: 'local', startedAt: at + 60_000, random: 'bbbbbb' });
    r = await runCli(['history'], env);
    expect(r.stdout).toMatch(/^RUN +RUNBOOK +PROFILE\/ENV +OUTCOME/m);
    expect(r.stdout).toMatch(/ demo\/local +succeeded/);
    expect(r.stdout).toMatch(/ shop\/local +succeeded/);
  });
});

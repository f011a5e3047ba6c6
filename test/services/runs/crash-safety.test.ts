// kill -9 the detached runner at random points of a real run, resume, count what ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type BuiltCli } from '../../helpers/build-cli.js';
import { runFixture, markerRunbook, mixedRunbook, MIXED_PROFILE, killFixtureServices } from '../../helpers/run-fixture.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { crashTrial, type TrialResult } from '../../helpers/crash-trial.js';
import { mulberry32 } from '../../helpers/prng.js';

const TRIALS = Number(process.env.CRASH_TRIALS ?? 8);
const STEPS = 5;
const STEP_SLEEP_MS = 150;

describe('crash safety: SIGKILL the runner, resume', () => {
  let cli: BuiltCli;
  beforeAll(async () => {
    cli = await buildCli();
  });
  afterAll(removeTempDirs);

  it(`${TRIALS} trials: journal parses, no completed step re-runs, no step lost or silently skipped`, async () => {
    const results: TrialResult[] = [];
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100000);
    const rnd = mulberry32(seed);
    for (let i = 0; i < TRIALS; i++) {
      // Every other trial: confirmations (answered by --yes) and a service step (restarts a process service).
      const mixed = i % 2 === 1;
      const fx = mixed ? runFixture({ crash: mixedRunbook('crash', { sleep: STEP_SLEEP_MS / 1000 }) }, MIXED_PROFILE) : runFixture({ crash: markerRunbook('crash', STEPS, { sleep: STEP_SLEEP_MS / 1000 }) });
      const steps = mixed ? 6 : STEPS;
      results.push(await crashTrial({ main: cli.main, env: fx.env, stateDir: fx.stateDir, markers: fx.markers, steps }, rnd, steps * (STEP_SLEEP_MS + 80), STEP_SLEEP_MS));
      killFixtureServices(fx.stateDir);
    }
    const kills = results.reduce((n, r) => n + r.kills, 0);
    const reRuns = results.reduce((n, r) => n + r.reRuns.length, 0);
    const lost = results.reduce((n, r) => n + r.lost.length + r.silentlySkipped.length, 0);
    const points = results.flatMap((r) => r.points).reduce<Record<string, number>>((m, p) => ((m[p] = (m[p] ?? 0) + 1), m), {});
    process.stderr.write(`crash safety (seed ${seed}): ${TRIALS} trials, ${kills} kill points (${JSON.stringify(points)}), ${reRuns} re-runs, ${lost} lost steps, torn lines ${results.reduce((n, r) => n + r.tornSeen, 0)} real + ${results.reduce((n, r) => n + r.tornSimulated, 0)} simulated\n`);
    for (const r of results) {
      expect(r.problems, JSON.stringify(r)).toEqual([]);
      expect(r.journalOk, r.trace).toBe(true);
      expect(r.reRuns, r.trace).toEqual([]);
      expect(r.lost, r.trace).toEqual([]);
      expect(r.silentlySkipped, r.trace).toEqual([]);
    }
    expect(kills).toBeGreaterThanOrEqual(Math.floor(TRIALS / 3));
  }, 600_000);
});

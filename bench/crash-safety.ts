// The long crash-safety run: many trials of "SIGKILL the detached runner at a random point of
// a real run (sometimes twice, sometimes with a torn journal line), resume, count markers".
// Two runbooks alternate: 6 shell steps, and a mixed one (confirmations answered by --yes, a
// service step restarting a process service); every other mixed run starts without --yes, waits
// at its first confirmation for an operator, is killed there and resumed with --yes. Kills also
// hit resumed runners (second and third rounds).
// Run: npm run bench -- crash-safety   (TRIALS=N to change the count, default 40; the issue's
// ≥ 400 kill points take TRIALS=330 or so, ~25 min on a quiet 2-core machine; figures printed)
import { fileURLToPath } from 'node:url';
import { crashTrial, type TrialResult } from '../test/helpers/crash-trial.js';
import { runFixture, markerRunbook, mixedRunbook, MIXED_PROFILE, killFixtureServices } from '../test/helpers/run-fixture.js';
import { removeTempDirs } from '../test/helpers/temp-dir.js';

const TRIALS = Number(process.env.TRIALS ?? 40);
const STEPS = 6;
const STEP_SLEEP_MS = 150;
const main = fileURLToPath(new URL('../cli/main.js', import.meta.url));
let seed = Number(process.env.SEED ?? Date.now() % 100000);
const startSeed = seed;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const results: TrialResult[] = [];
let mixedKills = 0;
const t0 = Date.now();
for (let i = 0; i < TRIALS; i++) {
  const mixed = i % 2 === 1;
  const fx = mixed ? runFixture({ crash: mixedRunbook('crash', { sleep: STEP_SLEEP_MS / 1000 }) }, MIXED_PROFILE) : runFixture({ crash: markerRunbook('crash', STEPS, { sleep: STEP_SLEEP_MS / 1000 }) });
  const steps = mixed ? 6 : STEPS;
  const atConfirmation = mixed && i % 4 === 3;
  const r = await crashTrial({ main, env: fx.env, stateDir: fx.stateDir, markers: fx.markers, steps }, rnd, steps * (STEP_SLEEP_MS + 80), STEP_SLEEP_MS, { atConfirmation });
  killFixtureServices(fx.stateDir);
  results.push(r);
  if (mixed) mixedKills += r.kills;
  if (r.problems.length || r.reRuns.length || r.lost.length || r.silentlySkipped.length || !r.journalOk) console.log(`trial ${i + 1}: PROBLEM ${JSON.stringify(r)}`);
  try {
    removeTempDirs();
  } catch {
    // A killed service's log writer still closing its file under load: the dir stays in /tmp.
  }
}
const sum = (f: (r: TrialResult) => number) => results.reduce((n, r) => n + f(r), 0);
const points = results.flatMap((r) => r.points).reduce<Record<string, number>>((m, p) => ((m[p] = (m[p] ?? 0) + 1), m), {});
console.log(`seed ${startSeed}, ${TRIALS} trials of a ${STEPS}-step run in ${Math.round((Date.now() - t0) / 1000)} s`);
console.log(`${sum((r) => r.kills)} kill points, ${sum((r) => r.reRuns.length)} re-runs, ${sum((r) => r.lost.length + r.silentlySkipped.length)} lost steps, ${results.filter((r) => !r.journalOk).length} unparseable journals, ${sum((r) => r.problems.length)} other problems`);
console.log(`where the kills landed: ${JSON.stringify(points)}; ${mixedKills} kills in the mixed runbook (confirmations, a service step); ${results.filter((r) => r.kills > 1).length} trials killed the resumed runner too`);
console.log(`torn journal lines handled: ${sum((r) => r.tornSeen)} left by a kill, ${sum((r) => r.tornSimulated)} simulated; runs that ended succeeded: ${results.filter((r) => r.outcome === 'succeeded').length}/${TRIALS}`);

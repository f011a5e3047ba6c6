// Config fuzz (issue 8): ≥ 10,000 seeded mutations of the shipped profiles and runbooks through
// what `validate` and the console's start do, in-process; then a sample through the real binary
// (`opsdeck validate --dir`, killed after 10 s). Prints crashes, errors without file:line:col and
// cases over 10 s; the goal is 0 / 0 / 0.
// Run: npm run bench -- config-fuzz   (FUZZ_CASES=10000 FUZZ_SAMPLE=200 FUZZ_SEED=1)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzz, mutate, shippedSeeds } from './lib/config-fuzz.js';
import { mulberry32 } from '../test/helpers/prng.js';
import { bin } from './lib/tty-harness.js';
import { packageRoot } from '../src/adapters/fs/ops-dir.js';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SAMPLE = Number(process.env.FUZZ_SAMPLE ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const root = packageRoot();

const t0 = performance.now();
const f = fuzz(root, CASES, SEED);
const secs = (performance.now() - t0) / 1000;
console.log(`in-process: ${f.cases} mutations of ${shippedSeeds(root).length} shipped files (seed ${SEED}) in ${secs.toFixed(0)} s, slowest ${f.maxMs.toFixed(0)} ms`);
console.log(`  crashes ${f.crashes}, errors without file:line:col ${f.unpositioned}, over 10 s ${f.slow}`);
for (const e of f.examples) console.log(`  ${e}`);

// The real binary: exit 0/1 with every stdout line `file:line:col: message`, never 70, never a hang.
const seeds = shippedSeeds(root);
const r = mulberry32(SEED + 7);
let crashes = 0;
let unpositioned = 0;
let hangs = 0;
const examples: string[] = [];
const ops = mkdtempSync(join(tmpdir(), 'opsdeck-fuzz-bin-'));
for (let n = 0; n < SAMPLE; n++) {
  const s = seeds[n % seeds.length]!;
  rmSync(join(ops, 'profiles'), { recursive: true, force: true });
  rmSync(join(ops, 'runbooks'), { recursive: true, force: true });
  mkdirSync(join(ops, 'profiles'));
  mkdirSync(join(ops, 'runbooks'));
  if (s.kind === 'runbook') writeFileSync(join(ops, 'profiles', 'demo.yaml'), seeds.find((x) => x.name === 'demo')!.text);
  writeFileSync(join(ops, `${s.kind}s`, `${s.name}.yaml`), mutate(s.text, r));
  const res = spawnSync(bin, ['validate', '--dir', ops], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, NO_COLOR: '1', OPSDECK_STATE_DIR: join(ops, '.state') } });
  const bad = res.stdout.split('\n').filter((l) => l && !/^[^:]+:\d+:\d+: /.test(l));
  if (res.error || res.signal) hangs++;
  else if (res.status !== 0 && res.status !== 1) crashes++;
  if (bad.length) unpositioned++;
  if ((res.error || res.signal || (res.status !== 0 && res.status !== 1) || bad.length) && examples.length < 5) examples.push(`case ${n} (${s.kind} ${s.name}): exit ${res.status} ${res.signal ?? ''} ${(bad[0] ?? res.stderr).slice(0, 200)}`);
}
rmSync(ops, { recursive: true, force: true });
console.log(`real binary: ${SAMPLE} mutations through \`opsdeck validate\`: crashes ${crashes}, errors without file:line:col ${unpositioned}, over 10 s ${hangs}`);
for (const e of examples) console.log(`  ${e}`);
if (f.crashes + f.unpositioned + f.slow + crashes + unpositioned + hangs > 0) process.exitCode = 1;

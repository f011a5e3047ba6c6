// Engine overhead per step through the real path: `opsdeck run` → detached runner → fsync'd
// journal, for a 100-step runbook of `true`. Overhead = time between consecutive step starts
// minus the step's own command time (spawn to exit, as the executor measures it).
// Run: npm run bench -- engine-overhead   (figures printed; nothing asserted)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STEPS = Number(process.env.STEPS ?? 100);
const main = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const ops = mkdtempSync(join(tmpdir(), 'opsdeck-bench-ops-'));
const state = mkdtempSync(join(tmpdir(), 'opsdeck-bench-state-'));
mkdirSync(join(ops, 'profiles'));
mkdirSync(join(ops, 'runbooks'));
writeFileSync(join(ops, 'profiles', 'b.yaml'), 'name: b\nenvironments:\n  local: {}\nservices: {}\n');
writeFileSync(join(ops, 'runbooks', 'trues.yaml'), `name: trues\nsteps:\n${Array.from({ length: STEPS }, (_, i) => `  - { id: t${i + 1}, run: ["true"] }`).join('\n')}\n`);

type Ev = { type: string; at: number; stepId?: string; durationMs?: number; phase?: string };
const t0 = Date.now();
const r = spawnSync(process.execPath, [main, 'run', 'trues', '--env', 'local', '--json'], { env: { ...process.env, OPSDECK_STATE_DIR: state, OPSDECK_DIR: ops, OPSDECK_PROFILE: 'b' }, encoding: 'utf8' });
const wall = Date.now() - t0;
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const runId = readdirSync(join(state, 'runs'))[0]!;
const events: Ev[] = readFileSync(join(state, 'runs', runId, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const starts = events.filter((e) => e.type === 'step-started' && e.phase === 'main');
const finishes = new Map(events.filter((e) => e.type === 'step-finished' && e.phase === 'main').map((e) => [e.stepId, e]));
const end = events.find((e) => e.type === 'run-finished')!;
const overheads: number[] = [];
const commands: number[] = [];
starts.forEach((s, i) => {
  const next = starts[i + 1]?.at ?? end.at;
  const cmd = finishes.get(s.stepId)?.durationMs ?? 0;
  commands.push(cmd);
  overheads.push(next - s.at - cmd);
});
const q = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(p * v.length))]!;
const first = events[0]!;
console.log(`steps: ${starts.length} (run ${runId})`);
console.log(`run time (run-started → run-finished): ${end.at - first.at} ms; wall time of \`opsdeck run\` incl. node start, plan, runner spawn: ${wall} ms`);
console.log(`command time per step (spawn → exit of \`true\`): median ${q(commands, 0.5)} ms, p90 ${q(commands, 0.9)} ms`);
console.log(`engine overhead per step (runner time − command time): median ${q(overheads, 0.5)} ms, p90 ${q(overheads, 0.9)} ms, max ${Math.max(...overheads)} ms`);
console.log(`journal: ${events.length} events, fsync'd except output lines`);
rmSync(ops, { recursive: true, force: true });
rmSync(state, { recursive: true, force: true });

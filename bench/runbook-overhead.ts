// Engine overhead per step: a 100-step runbook of `true`, run in process by the real runner (journal
// in memory, and the real on-disk journal, fsync'd on decisions). Overhead = runner wall time minus the time the
// executor measured for the commands themselves, divided by the step count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRunJournal } from '../src/adapters/memory/memory-run-journal.js';
import { FsRunJournal } from '../src/adapters/fs/fs-run-journal.js';
import { createRun } from '../src/adapters/fs/run-store.js';
import { createRedactor } from '../src/domain/text/redaction.js';
import { plan } from '../src/domain/runbook/plan.js';
import { toRunbook } from '../src/domain/runbook/runbook-model.js';
import { runbookSchemas } from '../src/domain/runbook/runbook-schema.js';
import type { RunJournal } from '../src/ports/run-journal.js';
import type { Environment } from '../src/domain/profile/profile-model.js';
import { RunbookRunner } from '../src/services/runs/runbook-runner.js';

const STEPS = 100;
const rb = toRunbook(runbookSchemas().runbookSchema.parse({ name: 'bench', steps: Array.from({ length: STEPS }, (_, i) => ({ id: `s${i}`, run: ['true'] })) }));
const env: Environment = { name: 'local', protected: false, vars: {}, requires: [], renamed: {}, deprecated: [], formats: {} };
const noServices = { start: async () => {}, stop: async () => {}, restart: async () => {}, waitHealthy: async () => {} };

async function once(journal: RunJournal): Promise<{ wallMs: number; commandMs: number }> {
  const runner = new RunbookRunner(plan(rb, env, {}), {
    journal, confirmer: { ask: async () => ({ choice: 'yes' }) }, services: noServices, redactor: createRedactor([]),
    baseDir: tmpdir(), meta: { profile: 'bench', user: 'bench', host: 'bench', pid: process.pid },
  });
  const t0 = performance.now();
  const s = await runner.run();
  const wallMs = performance.now() - t0;
  if (s.outcome !== 'succeeded') throw new Error(`bench run ${s.outcome}: ${s.message}`);
  const commandMs = Object.values(s.steps).reduce((n, r) => n + (r.durationMs ?? 0), 0);
  return { wallMs, commandMs };
}

const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-'));
const stateEnv = { ...process.env, OPSDECK_STATE_DIR: dir };
try {
  for (const [name, make] of [['memory journal', (i: number) => new MemoryRunJournal(`m${i}`)], ['on-disk journal (fsync per decision)', () => new FsRunJournal(createRun('bench', stateEnv).runId, stateEnv)]] as const) {
    await once(make(-1)); // warm-up
    const rounds = 3;
    let wall = 0;
    let cmd = 0;
    for (let i = 0; i < rounds; i++) {
      const j = make(i);
      const r = await once(j);
      await j.close();
      wall += r.wallMs;
      cmd += r.commandMs;
    }
    const perStepWall = wall / rounds / STEPS;
    const perStepOverhead = (wall - cmd) / rounds / STEPS;
    console.log(`${name}: ${STEPS} steps of \`true\`, ${rounds} rounds: ${perStepWall.toFixed(1)} ms/step wall, of which engine overhead ${perStepOverhead.toFixed(2)} ms/step (runner time minus command time as measured by the executor)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

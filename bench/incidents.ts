// Incidents: timeline append latency with 4 processes writing the same incident at once (each
// append is one O_APPEND write + fsync), and what a console does every 2 s for an incident
// with 5,000 timeline entries (read the files, fold, merge the audit log, pick the visible
// rows), before (every file re-parsed whole) and after (read from the last offset) in one run:
// that work is synchronous, so its duration is the event-loop stall it causes.
// Run: npm run bench -- incidents   (WRITERS=4, EACH=500, ENTRIES=5000, ROUNDS=40)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendIncidentEvent } from '../src/adapters/fs/incident-store.js';
import { createIncidentDesk, type IncidentDesk } from '../src/services/incidents/incident-desk.js';
import { startIncidentWatch, type IncidentWatch } from '../src/services/incidents/incident-watch.js';
import { AuditLog } from '../src/adapters/fs/audit-log.js';
import { createHealthStore } from '../src/state/health-store.js';
import type { Profile } from '../src/domain/profile/profile-model.js';

const profile = { name: 'bench', file: '', baseDir: '', environments: { local: { name: 'local', protected: false, readonly: false, vars: {}, requires: [], renamed: {}, deprecated: [], formats: {} } }, secrets: [], services: { api: { name: 'api', dependsOn: [], provider: { kind: 'external' }, health: [], logs: [] } }, maintenanceWindows: [] } as unknown as Profile;

if (process.argv[2] === 'writer') {
  const [, , , id, who, count] = process.argv;
  const out: number[] = [];
  for (let i = 0; i < Number(count); i++) {
    const t0 = performance.now();
    appendIncidentEvent(id!, { type: 'note', at: Date.now(), by: `${who}@bench`, text: `${who} note ${i} — restarted api, errors down to 2/s` });
    out.push(performance.now() - t0);
  }
  process.stdout.write(out.map((x) => x.toFixed(3)).join('\n') + '\n');
} else {
  await main();
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const WRITERS = Number(process.env.WRITERS ?? 4);
  const EACH = Number(process.env.EACH ?? 500);
  const ENTRIES = Number(process.env.ENTRIES ?? 5000);
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-incident-bench-'));
  const env = { ...process.env, OPSDECK_STATE_DIR: dir };
  try {
    const desk = createIncidentDesk({ profile, env, by: 'bench@host' });
    const inc = desk.start({ environment: 'local', severity: 'P1', title: 'bench', services: ['api'] });
    const self = fileURLToPath(import.meta.url);
    const lat: number[] = [];
    await Promise.all(
      Array.from({ length: WRITERS }, (_, w) => new Promise<void>((resolve, reject) => {
        const p = spawn(process.execPath, [self, 'writer', inc.id, `w${w}`, String(EACH)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        let text = '';
        p.stdout!.on('data', (d: Buffer) => (text += d.toString()));
        p.on('exit', (code) => {
          if (code !== 0) return reject(new Error(`writer exited ${code}`));
          lat.push(...text.trim().split('\n').map(Number));
          resolve();
        });
      })),
    );
    lat.sort((a, b) => a - b);
    const notes = desk.get(inc.id).timeline.filter((t) => t.kind === 'note').length;
    console.log(`append latency, ${WRITERS} concurrent writers x ${EACH} (fsync each): p50 ${pct(lat, 50).toFixed(2)} ms, p99 ${pct(lat, 99).toFixed(2)} ms, max ${lat[lat.length - 1]!.toFixed(2)} ms; notes recorded ${notes}/${WRITERS * EACH}`);

    // 5,000 timeline entries: 4,000 of the incident's own (notes, health changes) and 1,000
    // audit entries (runbook runs and steps) recorded while it was open.
    const big = desk.start({ environment: 'local', severity: 'P1', title: 'big', services: ['api'] });
    const AUDIT = Math.round(ENTRIES / 5);
    for (let i = 0; i < ENTRIES - AUDIT; i++) {
      const e = i % 3 === 0 ? { type: 'health' as const, service: 'api', state: i % 2 ? 'unhealthy' : 'healthy' } : { type: 'note' as const, text: `note ${i}: looked at the api logs, p99 still high` };
      // Recorded since the start, in time order (a fraction of a ms apart, so the later appends come after).
      appendIncidentEvent(big.id, { ...e, at: big.startedAt + i / ENTRIES, by: 'bench@host' } as never, env);
    }
    const audit = new AuditLog({ env });
    for (let i = 0; i < AUDIT; i++) {
      if (i % 5 === 0) audit.append({ action: 'run.start', profile: 'bench', environment: 'local', runbook: 'triage', runId: `r${i}` });
      else audit.append({ action: 'step.finish', profile: 'bench', environment: 'local', runbook: 'triage', runId: `r${i - (i % 5)}`, step: `s${i % 5}`, outcome: 'ok' });
    }
    // What the console does every 2 s while the incident screen is shown: the incident watch
    // re-reads the open incidents (and records health changes), the screen reads the incident
    // and its timeline and renders the rows that fit 80x24. It is synchronous: its duration is
    // the event-loop stall.
    const health = createHealthStore('local');
    const refresh = (d: IncidentDesk, w?: IncidentWatch) => {
      if (w) w.refresh();
      else d.open('local');
      const i = d.get(big.id);
      const tl = d.timeline(i);
      tl.slice(-14).map((t) => `${new Date(t.at).toISOString().slice(11, 19)} ${t.kind} ${t.text}`);
      return tl.length;
    };
    // Wall time is the stall the console's event loop sees; on a shared, loaded machine it also
    // holds time the process waited for a CPU, so the CPU time of the same work is printed beside it.
    const ROUNDS = Number(process.env.ROUNDS ?? 40);
    const measure = (round: () => number, between?: () => void) => {
      const stalls: number[] = [];
      const cpu: number[] = [];
      let entries = 0;
      for (let r = 0; r < ROUNDS; r++) {
        between?.();
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        entries = round();
        stalls.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      stalls.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} / p95 ${pct(xs, 95).toFixed(1)} / max ${xs[xs.length - 1]!.toFixed(1)} ms`;
      return { entries, text: `wall ${f(stalls)}; cpu ${f(cpu)}` };
    };
    // Before: every refresh re-reads and re-parses every file whole (a desk with nothing cached
    // is exactly what each refresh did until the files were read incrementally).
    const before = measure(() => refresh(createIncidentDesk({ profile, env, by: 'bench@host' })));
    // After: one console's desk, files followed from the last offset.
    const watch = startIncidentWatch({ profile, env, by: 'bench@host', health, intervalMs: 3_600_000 });
    refresh(watch.desk, watch);
    const idle = measure(() => refresh(watch.desk, watch));
    let n = 0;
    const growing = measure(() => refresh(watch.desk, watch), () => {
      // Another shell noted something and a run step finished since the last refresh (not timed:
      // that is the other process's work).
      appendIncidentEvent(big.id, { type: 'note', at: Date.now(), by: 'other@host', text: `note from another shell ${n++}` }, env);
      audit.append({ action: 'step.finish', profile: 'bench', environment: 'local', runbook: 'triage', runId: 'rX', step: `s${n}`, outcome: 'ok' });
    });
    watch.close();
    console.log(`incident with ${before.entries} timeline entries (${ENTRIES - AUDIT} own + ${AUDIT} audit), console refresh every 2 s, ${ROUNDS} rounds each (event-loop stall; goal no stall over 16 ms):`);
    console.log(`  before (each refresh re-parses every file whole):          ${before.text}`);
    console.log(`  after, nothing new (one stat per file):                    ${idle.text}`);
    console.log(`  after, a note + an audit entry appended before each refresh: ${growing.text} (${growing.entries} entries at the end)`);
    const t1 = performance.now();
    const md = desk.postmortem(big.id);
    const exportMs = performance.now() - t1;
    console.log(`postmortem export ${exportMs.toFixed(1)} ms (${md.length} chars)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

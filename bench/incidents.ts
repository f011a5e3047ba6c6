// Incidents: timeline append latency with 4 processes writing the same incident at once (each
// append is one O_APPEND write + fsync), and what a console does every 2 s for an incident
// with 5,000 timeline entries (read the file, fold it, merge the audit log, pick the visible
// rows): that work is synchronous, so its duration is the event-loop stall it causes.
// Run: npm run bench -- incidents   (WRITERS=4, EACH=500, ENTRIES=5000)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendIncidentEvent } from '../src/adapters/fs/incident-store.js';
import { createIncidentDesk } from '../src/services/incidents/incident-desk.js';
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

    const big = desk.start({ environment: 'local', severity: 'P1', title: 'big', services: ['api'] });
    for (let i = 0; i < ENTRIES; i++) {
      const e = i % 3 === 0 ? { type: 'health' as const, service: 'api', state: i % 2 ? 'unhealthy' : 'healthy' } : { type: 'note' as const, text: `note ${i}: looked at the api logs, p99 still high` };
      appendIncidentEvent(big.id, { ...e, at: Date.now() + i, by: 'bench@host' } as never, env);
    }
    const stalls: number[] = [];
    let entries = 0;
    for (let round = 0; round < 20; round++) {
      const t0 = performance.now();
      const i = desk.get(big.id);
      const tl = desk.timeline(i);
      entries = tl.length;
      // What the screen renders: the last rows that fit 80x24.
      tl.slice(-14).map((t) => `${new Date(t.at).toISOString().slice(11, 19)} ${t.kind} ${t.text}`);
      stalls.push(performance.now() - t0);
    }
    stalls.sort((a, b) => a - b);
    const t1 = performance.now();
    const md = desk.postmortem(big.id);
    const exportMs = performance.now() - t1;
    console.log(`incident with ${entries} timeline entries: refresh (read + fold + audit merge + visible rows) p50 ${pct(stalls, 50).toFixed(1)} ms, max ${stalls[stalls.length - 1]!.toFixed(1)} ms (event-loop stall per 2 s refresh; goal <= 16 ms); postmortem export ${exportMs.toFixed(1)} ms (${md.length} chars)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

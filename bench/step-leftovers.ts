// Steps that leave processes behind (a setsid daemon, a double fork, a TERM-ignoring process
// in a new session) ended by a timeout and by an abort: processes left when the step returns,
// and time from the timeout (or abort) to the step's end, against the goal grace + 1 s.
// Run: npm run bench -- step-leftovers   (TRIALS=N per case, default 10; GRACE_MS, default 1000)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeStep, shellArgv } from '../src/adapters/process/step-executor.js';
import { isLive, procInfo } from '../src/adapters/system/proc-info.js';

const TRIALS = Number(process.env.TRIALS ?? 10);
const GRACE_MS = Number(process.env.GRACE_MS ?? 1000);
const TIMEOUT_MS = 400;

const shapes: Record<string, (pids: string) => { script: string; count: number }> = {
  daemonising: (p) => ({ script: `setsid sleep 300 >/dev/null 2>&1 & echo $! >> "${p}"; setsid sh -c 'echo $$ >> "${p}"; exec sleep 300' & sleep 300`, count: 2 }),
  'double-forking': (p) => ({ script: `sh -c '(sh -c "echo \\$\\$ >> ${p}; exec sleep 300" &) ; exit 0'; sleep 300`, count: 1 }),
  'TERM-ignoring (setsid)': (p) => ({ script: `setsid sh -c 'trap "" TERM; echo $$ >> "${p}"; while :; do sleep 0.2; done' & trap "" TERM; echo $$ >> "${p}"; while :; do sleep 0.2; done`, count: 2 }),
};
const pidsIn = (f: string): number[] => (existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);

let worst = 0;
let leftTotal = 0;
let cases = 0;
for (const [name, make] of Object.entries(shapes)) {
  for (const end of ['timeout', 'abort'] as const) {
    const ms: number[] = [];
    let left = 0;
    let started = 0;
    for (let i = 0; i < TRIALS; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'opsdeck-leftover-bench-'));
      const pids = join(dir, 'pids');
      const shape = make(pids);
      const ctl = new AbortController();
      const t0 = Date.now();
      let trigger = t0 + TIMEOUT_MS;
      const p = executeStep({ argv: shellArgv(shape.script), cwd: dir, env: {}, graceMs: GRACE_MS, signal: ctl.signal, timeoutMs: end === 'timeout' ? TIMEOUT_MS : undefined });
      if (end === 'abort') {
        while (pidsIn(pids).length < shape.count) await new Promise((r) => setTimeout(r, 10));
        trigger = Date.now();
        ctl.abort();
      }
      await p;
      ms.push(Date.now() - trigger);
      const all = pidsIn(pids);
      started += all.length;
      left += all.filter((pid) => isLive(procInfo(pid))).length;
      for (const pid of all) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone, as it should be */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
    ms.sort((a, b) => a - b);
    worst = Math.max(worst, ms.at(-1)!);
    leftTotal += left;
    cases += TRIALS;
    console.log(`${name.padEnd(24)} ${end.padEnd(8)} ${TRIALS} trials: processes left ${left}/${started}; trigger → step end median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms.at(-1)} ms (goal ≤ ${GRACE_MS + 1000} ms)`);
  }
}
console.log(`${cases} steps: ${leftTotal} processes left; worst trigger → end ${worst} ms with grace ${GRACE_MS} ms (goal ≤ grace + 1000 ms)`);

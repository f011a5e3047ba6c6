// Lock races between real processes: in each trial 2–4 racers try the same environment lock at
// once (each is this file run as `racer`), on a free lock, on a stale lock (dead holder, nothing
// of its run left: one takeover wins), and on a lock whose holder died while its step still
// runs (nobody may take it: that step is the one mutating run). Counts mutating runs per trial.
// Run: npm run bench -- lock-races   (TRIALS=N per kind, default 40)
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procCommand } from '../src/adapters/system/proc-info.js';
import { acquireLock, lockPath, releaseLock, LockHeldError } from '../src/adapters/fs/env-lock.js';
import { lineQueue } from '../test/helpers/line-queue.js';

if (process.argv[2] === 'racer') {
  const [, , , file, me] = process.argv;
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, round] = line.split(' ');
    const runId = `20260101-000000-race-${me}r${round}`;
    if (cmd === 'try') {
      try {
        acquireLock({ file: file!, environment: 'race', user: 'bench', runbook: 'race', runId, takeOverStale: true });
        process.stdout.write(`won ${round}\n`);
      } catch (e) {
        process.stdout.write(`lost ${round} ${e instanceof LockHeldError ? (e.stale ? 'stale' : e.living.length ? 'living' : 'held') : (e as Error).message}\n`);
      }
    } else if (cmd === 'release') {
      releaseLock(file!, runId);
      process.stdout.write(`released ${round}\n`);
    }
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const TRIALS = Number(process.env.TRIALS ?? 40);
  const self = fileURLToPath(import.meta.url);
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-lock-bench-'));
  const env = { OPSDECK_STATE_DIR: dir };
  const file = lockPath('race', 'race', env);
  const racers = Array.from({ length: 4 }, (_, i) => spawn(process.execPath, [self, 'racer', file, `c${i}`], { stdio: 'pipe', env: { ...process.env, ...env } }));
  const queues = racers.map(lineQueue);
  const counts = { free: [0, 0], stale: [0, 0], living: [0, 0] } as Record<string, [number, number]>;
  const bad: string[] = [];
  let round = 0;
  const t0 = Date.now();
  try {
    for (let t = 0; t < TRIALS; t++) {
      for (const kind of ['free', 'stale', 'living'] as const) {
        round++;
        const n = 2 + (round % 3);
        const holderRun = `20260101-000000-dead-r${round}`;
        let step: ReturnType<typeof spawn> | undefined;
        if (kind !== 'free') {
          const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
          writeFileSync(file, JSON.stringify({ user: 'ghost', host: hostname(), pid: dead, runbook: 'deploy', runId: holderRun, since: 'then' }));
        }
        if (kind === 'living') {
          step = spawn('sh', ['-c', 'exec sleep 300'], { detached: true, stdio: 'ignore', env: { ...process.env, OPSDECK_RUN_ID: holderRun } });
          await waitForProcess(step.pid!);
        }
        for (const r of racers.slice(0, n)) r.stdin.write(`try ${round}\n`);
        const answers = await Promise.all(queues.slice(0, n).map((q) => q.next()));
        const winners = answers.filter((a) => a.startsWith('won')).length;
        // Mutating runs at once: the winners, plus the dead run's step that still runs.
        const mutating = winners + (kind === 'living' ? 1 : 0);
        counts[kind]![0]++;
        if (mutating === 1) counts[kind]![1]++;
        else bad.push(`round ${round} (${kind}, ${n} racers): ${answers.join(' | ')}`);
        for (const r of racers.slice(0, n)) r.stdin.write(`release ${round}\n`);
        await Promise.all(queues.slice(0, n).map((q) => q.next()));
        if (step) process.kill(step.pid!, 'SIGKILL');
        rmSync(file, { force: true });
      }
    }
  } finally {
    for (const r of racers) r.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  const total = Object.values(counts).reduce((n, [a]) => n + a, 0);
  const good = Object.values(counts).reduce((n, [, b]) => n + b, 0);
  console.log(`${total} trials of 2–4 racing processes in ${Math.round((Date.now() - t0) / 1000)} s: exactly one mutating run in ${good}/${total}`);
  for (const [k, [a, b]] of Object.entries(counts)) console.log(`  ${k === 'free' ? 'free lock' : k === 'stale' ? 'stale lock (holder and run gone): takeover' : "dead holder, its step still running: no takeover"}: ${b}/${a}`);
  for (const b of bad) console.log(`  PROBLEM ${b}`);
  if (bad.length) process.exitCode = 1;
}

async function waitForProcess(pid: number): Promise<void> {
  // The racers find the step by its environment once its exec is done.
  for (let i = 0; i < 200 && !procCommand(pid).includes('sleep'); i++) await new Promise((r) => setTimeout(r, 10));
}


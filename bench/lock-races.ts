// Lock races between real processes: in each trial 2–4 racers try the same environment lock at
// once (each is this file run as `racer`), on a free lock, on a stale lock (dead holder, nothing
// of its run left: one takeover wins), and on a lock whose holder died while its step still
// runs (nobody may take it: that step is the one mutating run). Counts mutating runs per trial.
// Then the same through the real binary: a real run's runner is SIGKILLed while its
// TERM-ignoring step lives, 2–4 `opsdeck run --take-over` start at once (all must be refused),
// the step is ended, 2–4 start again (exactly one takes over, audited); each mutating step
// journals its start and end, and the figure is the most mutating runs at one instant.
// Run: npm run bench -- lock-races   (TRIALS=N per kind, default 40; CLI_TRIALS, default 20)
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procCommand } from '../src/adapters/system/proc-info.js';
import { findRunProcesses } from '../src/adapters/system/run-processes.js';
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
  await cliRaces();
}

/** Through the binary: takeovers while the dead run's step lives, and once it is gone. */
async function cliRaces(): Promise<void> {
  const trials = Number(process.env.CLI_TRIALS ?? 20);
  const bin = fileURLToPath(new URL('../../bin/opsdeck.js', import.meta.url));
  const ops = mkdtempSync(join(tmpdir(), 'opsdeck-lock-bench-cli-'));
  const spans = join(ops, 'spans');
  mkdirSync(join(ops, 'profiles'));
  mkdirSync(join(ops, 'runbooks'));
  writeFileSync(join(ops, 'profiles', 'b.yaml'), 'name: b\nenvironments:\n  local: {}\nservices: {}\n');
  // Each mutating step writes "start <run> <ms>" and "end <run> <ms>" (date +%s%N: ns).
  const span = (body: string) => `echo "start $OPSDECK_RUN_ID $(date +%s%N)" >> ${spans}; ${body}; echo "end $OPSDECK_RUN_ID $(date +%s%N)" >> ${spans}`;
  writeFileSync(join(ops, 'runbooks', 'hold.yaml'), `name: hold\nsteps:\n  - id: hold\n    shell: ${JSON.stringify(span('trap "" TERM; sleep 30'))}\n`);
  writeFileSync(join(ops, 'runbooks', 'mut.yaml'), `name: mut\nsteps:\n  - id: mut\n    shell: ${JSON.stringify(span('sleep 2'))}\n`);
  const env = { ...process.env, OPSDECK_STATE_DIR: join(ops, '.state'), NO_COLOR: '1' };
  const cli = (...args: string[]) => new Promise<{ code: number | null; out: string; stdout: string }>((resolve) => {
    const c = spawn(process.execPath, [bin, ...args, '--dir', ops], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stdout = '';
    c.stdout.on('data', (d: Buffer) => ((out += d.toString()), (stdout += d.toString())));
    c.stderr.on('data', (d: Buffer) => (out += d.toString()));
    c.on('close', (code) => resolve({ code, out, stdout }));
  });
  const spanLines = () => (existsSync(spans) ? readFileSync(spans, 'utf8').trim().split('\n').filter(Boolean) : []);
  let refusedAll = 0;
  let oneWinner = 0;
  let maxAtOnce = 0;
  let takeoverEntries = 0;
  const bad: string[] = [];
  const t0 = Date.now();
  try {
    for (let t = 0; t < trials; t++) {
      rmSync(spans, { force: true });
      const started = await cli('run', 'hold', '--env', 'local', '--yes', '--detach');
      const runId = started.stdout.trim();
      while (!spanLines().some((l) => l.startsWith(`start ${runId}`))) await new Promise((r) => setTimeout(r, 20));
      const status = JSON.parse(readFileSync(join(ops, '.state', 'runs', runId, 'status.json'), 'utf8')) as { pid: number };
      process.kill(status.pid, 'SIGKILL');
      while (isAliveProcess(status.pid)) await new Promise((r) => setTimeout(r, 10));
      const n = 2 + (t % 3);
      const living = await Promise.all(Array.from({ length: n }, () => cli('run', 'mut', '--env', 'local', '--yes', '--take-over')));
      const ranWhileLiving = spanLines().filter((l) => l.startsWith('start ') && !l.includes(runId)).length;
      if (ranWhileLiving === 0 && living.every((r) => r.code === 1 && /not stale/.test(r.out))) refusedAll++;
      else bad.push(`trial ${t + 1}: ${ranWhileLiving} took over beside the living step: ${living.map((r) => r.out.split('\n').at(-2)).join(' | ')}`);
      // The dead run's step ends (killed here); now the lock is stale: one takeover wins.
      const step = findRunProcesses(runId);
      for (const p of step) process.kill(p.pid, 'SIGKILL');
      while (findRunProcesses(runId).length) await new Promise((r) => setTimeout(r, 10));
      // It wrote no end: it ended by now at the latest.
      appendFileSync(spans, `end ${runId} ${BigInt(Date.now()) * 1_000_000n}\n`);
      const auditBefore = countTakeovers(join(ops, '.state', 'audit.jsonl'));
      const stale = await Promise.all(Array.from({ length: n }, () => cli('run', 'mut', '--env', 'local', '--yes', '--take-over')));
      const winners = stale.filter((r) => r.code === 0).length;
      const audited = countTakeovers(join(ops, '.state', 'audit.jsonl')) - auditBefore;
      takeoverEntries += audited;
      if (winners === 1 && audited === 1) oneWinner++;
      else bad.push(`trial ${t + 1}: ${winners} of ${n} ran after the step ended, ${audited} takeovers audited`);
      maxAtOnce = Math.max(maxAtOnce, mostAtOnce(spanLines()));
    }
  } finally {
    rmSync(ops, { recursive: true, force: true });
  }
  console.log(`opsdeck run --take-over, ${trials} trials of 2–4 racers each in ${Math.round((Date.now() - t0) / 1000)} s:`);
  console.log(`  dead runner, its TERM-ignoring step still running: every racer refused in ${refusedAll}/${trials}`);
  console.log(`  after the step was ended (stale lock): exactly one took over, audited once, in ${oneWinner}/${trials} (${takeoverEntries} lock.takeover entries)`);
  console.log(`  most mutating steps running at one instant, over all trials: ${maxAtOnce} (goal 1)`);
  for (const b of bad) console.log(`  PROBLEM ${b}`);
  if (bad.length || maxAtOnce !== 1) process.exitCode = 1;
}

function countTakeovers(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"action":"lock.takeover"')).length : 0;
}

/** The most [start, end] spans open at one instant (an unfinished span lasts to the end). */
function mostAtOnce(lines: string[]): number {
  const marks = lines.map((l) => l.split(' ')).map(([kind, , ns]) => ({ at: BigInt(ns!), d: kind === 'start' ? 1 : -1 }));
  marks.sort((a, b) => (a.at === b.at ? a.d - b.d : a.at < b.at ? -1 : 1));
  let open = 0;
  let most = 0;
  for (const m of marks) most = Math.max(most, (open += m.d));
  return most;
}

function isAliveProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitForProcess(pid: number): Promise<void> {
  // The racers find the step by its environment once its exec is done.
  for (let i = 0; i < 200 && !procCommand(pid).includes('sleep'); i++) await new Promise((r) => setTimeout(r, 10));
}


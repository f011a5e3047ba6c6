// Steps that leave processes behind (a setsid daemon, a double fork, a TERM-ignoring process
// in a new session) ended by a timeout and by an abort: processes left when the step returns,
// and time from the timeout (or abort) to the step's end, against the goal grace + 1 s. Three
// parts: the step executor here (local); the same shapes as `opsdeck run` through the real binary
// (a `timeout: 1s` step, and SIGTERM to the CLI; times read from the journal, default grace 5 s);
// and a step with `host:` on a real sshd on loopback (the test fleet; needs root and sshd, else
// skipped), ended by its timeout and by an abort, where the host's grace is 1 s.
// Run: npm run bench -- step-leftovers   (TRIALS=N per case, default 10; GRACE_MS, default 1000;
// CLI_TRIALS per CLI case, default 3; REMOTE_TRIALS per remote case, default 5)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeStep, shellArgv } from '../src/adapters/process/step-executor.js';
import { executeRemoteStep } from '../src/adapters/ssh/remote-step.js';
import { SshHost } from '../src/adapters/ssh/ssh-host.js';
import { isLive, procInfo } from '../src/adapters/system/proc-info.js';
import { sshEnv, startFleet } from '../test/helpers/ssh-fleet.js';
import { removeTempDirs } from '../test/helpers/temp-dir.js';

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
await cliPart();
await remotePart();

/** Processes whose environment carries `name=value` (what a step started, wherever it went). */
function marked(name: string, value: string): number[] {
  const needle = `\0${name}=${value}\0`;
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      return isLive(procInfo(pid)) && `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}\0`.includes(needle);
    } catch {
      return false;
    }
  });
}

async function cliPart(): Promise<void> {
  const trials = Number(process.env.CLI_TRIALS ?? 3);
  const bin = fileURLToPath(new URL('../../bin/opsdeck.js', import.meta.url));
  const cliShapes: Record<string, string> = {
    daemonising: `setsid sleep 300 & setsid sh -c 'exec sleep 301' & echo started; sleep 302`,
    'double-forking': `(sh -c 'exec sleep 303' &) ; echo started; sleep 304`,
    'TERM-ignoring (setsid)': `setsid sh -c 'trap "" TERM; while :; do sleep 0.2; done' & trap "" TERM; echo started; while :; do sleep 0.2; done`,
  };
  let left = 0;
  let worstCli = 0;
  let n = 0;
  for (const [name, script] of Object.entries(cliShapes)) {
    for (const end of ['timeout', 'SIGTERM'] as const) {
      const ms: number[] = [];
      let caseLeft = 0;
      for (let i = 0; i < trials; i++) {
        const ops = mkdtempSync(join(tmpdir(), 'opsdeck-leftover-cli-'));
        mkdirSync(join(ops, 'profiles'));
        mkdirSync(join(ops, 'runbooks'));
        writeFileSync(join(ops, 'profiles', 'b.yaml'), 'name: b\nenvironments:\n  local: {}\nservices: {}\n');
        writeFileSync(join(ops, 'runbooks', 'leave.yaml'), `name: leave\nsteps:\n  - id: leave\n${end === 'timeout' ? '    timeout: 1s\n' : ''}    shell: ${JSON.stringify(script)}\n`);
        const env = { ...process.env, OPSDECK_STATE_DIR: join(ops, '.state'), NO_COLOR: '1' };
        const child = spawn(process.execPath, [bin, 'run', 'leave', '--env', 'local', '--dir', ops], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        const exited = new Promise((r) => child.once('exit', r));
        let trigger = 0;
        if (end === 'SIGTERM') {
          while (!out.includes('│ started')) await new Promise((r) => setTimeout(r, 10));
          await new Promise((r) => setTimeout(r, 200));
          trigger = Date.now();
          child.kill('SIGTERM');
        }
        await exited;
        const runs = readdirSync(join(ops, '.state', 'runs'));
        const journal = readFileSync(join(ops, '.state', 'runs', runs[0]!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; at: number; stepId?: string });
        const startedAt = journal.find((e) => e.type === 'step-started')!.at;
        const finishedAt = journal.find((e) => e.type === 'step-finished')!.at;
        ms.push(end === 'timeout' ? finishedAt - startedAt - 1000 : finishedAt - trigger);
        const still = marked('OPSDECK_RUN_ID', runs[0]!);
        caseLeft += still.length;
        for (const pid of still) process.kill(pid, 'SIGKILL');
        rmSync(ops, { recursive: true, force: true });
      }
      ms.sort((a, b) => a - b);
      worstCli = Math.max(worstCli, ms.at(-1)!);
      left += caseLeft;
      n += trials;
      console.log(`opsdeck run: ${name.padEnd(24)} ${end.padEnd(8)} ${trials} runs: processes left ${caseLeft}; ${end === 'timeout' ? 'timeout' : 'SIGTERM'} → step end median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms.at(-1)} ms (goal ≤ 6000 ms: grace 5 s + 1 s)`);
    }
  }
  console.log(`opsdeck run: ${n} runs: ${left} processes left; worst trigger → step end ${worstCli} ms with the default grace 5000 ms (goal ≤ 6000 ms)`);
}

async function remotePart(): Promise<void> {
  if (!sshEnv.available) {
    console.log(`remote: skipped (${sshEnv.reason})`);
    return;
  }
  const trials = Number(process.env.REMOTE_TRIALS ?? 5);
  const fleet = await startFleet([{ name: 'app-1' }]);
  const host = new SshHost({ name: 'app-1', destination: 'app-1', controlDir: join(fleet.dir, 'ctl'), configFile: fleet.configFile });
  const user = fleet.hosts['app-1']!.user;
  const uid = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`))!.split(':')[2];
  /** The step's own processes on the host (`sleep 31x`; not opsdeck's wrapper, whose argv holds the script), or with `all` everything of the user but the master's `cat` (the wrapper too). */
  const ofUser = (all = false): number[] =>
    readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
      try {
        const st = readFileSync(`/proc/${pid}/status`, 'utf8');
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ');
        return /Uid:\s+(\d+)/.exec(st)?.[1] === uid && !/State:\s+Z/.test(st) && (all ? !/^(cat|sshd)/.test(cmd) && !cmd.includes('exec cat') : /sleep 31\d/.test(cmd) && !cmd.includes('opsdeck-exec'));
      } catch {
        return false;
      }
    });
  let lateLeft = 0;
  const remoteShapes: Record<string, { script: string; count: number }> = {
    daemonising: { script: `setsid sleep 310 & setsid sh -c 'exec sleep 311' & sleep 312`, count: 3 },
    'double-forking': { script: `(sh -c 'exec sleep 313' &) ; sleep 314`, count: 2 },
    'TERM-ignoring (setsid)': { script: `setsid sh -c 'trap "" TERM; exec sleep 315' & trap "" TERM; sleep 316`, count: 2 },
  };
  let left = 0;
  let worstRemote = 0;
  let n = 0;
  try {
    await host.connect();
    for (const [name, shape] of Object.entries(remoteShapes)) {
      for (const end of ['timeout', 'abort'] as const) {
        const ms: number[] = [];
        let caseLeft = 0;
        for (let i = 0; i < trials; i++) {
          const ctl = new AbortController();
          const t0 = Date.now();
          let trigger = t0 + TIMEOUT_MS;
          const p = executeRemoteStep({ host, argv: ['sh', '-c', shape.script], env: {}, signal: ctl.signal, timeoutMs: end === 'timeout' ? TIMEOUT_MS : undefined });
          if (end === 'abort') {
            while (ofUser().length < shape.count) await new Promise((r) => setTimeout(r, 10));
            trigger = Date.now();
            ctl.abort();
          }
          await p;
          ms.push(Date.now() - trigger);
          const still = ofUser();
          // What is still there a second later, opsdeck's own wrapper included (it ends last).
          await new Promise((r) => setTimeout(r, 1000));
          const late = ofUser(true);
          lateLeft += late.length;
          for (const pid of late) process.kill(pid, 'SIGKILL');
          caseLeft += still.length;
          for (const pid of still) process.kill(pid, 'SIGKILL');
        }
        ms.sort((a, b) => a - b);
        worstRemote = Math.max(worstRemote, ms.at(-1)!);
        left += caseLeft;
        n += trials;
        console.log(`remote (host: app-1): ${name.padEnd(24)} ${end.padEnd(8)} ${trials} steps: processes left on the host ${caseLeft}; trigger → step end median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms.at(-1)} ms (goal ≤ 2000 ms: the host's grace 1 s + 1 s)`);
      }
    }
  } finally {
    await host.close();
    await fleet.stop();
    removeTempDirs();
  }
  console.log(`remote: ${n} steps: ${left} of their processes left on the host when the step returned, ${lateLeft} processes of the host user (opsdeck's wrapper included) 1 s later; worst trigger → step end ${worstRemote} ms (goal ≤ 2000 ms)`);
}

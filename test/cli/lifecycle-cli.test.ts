// `opsdeck start|stop --all` through the real binary against a private copy of the demo.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { DEMO_LOCK_TIMEOUT_MS, makeDemoOpsDir, REPO_ROOT, type DemoOpsDir } from '../helpers/demo-ops-dir.js';
import { procInfo, isLive } from '../../src/adapters/system/proc-info.js';
import { type PidRecord } from '../../src/adapters/process/pid-file.js';
import { startTmux, tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { acquireLock, lockPath, releaseLock } from '../../src/adapters/fs/env-lock.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';
import { readStateJson } from '../../src/adapters/fs/state-dir.js';

const BIN = join(REPO_ROOT, 'bin', 'opsdeck.js');
let demo: DemoOpsDir;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  demo = await makeDemoOpsDir();
}, DEMO_LOCK_TIMEOUT_MS);
afterAll(async () => {
  await demo?.cleanup();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function opsdeck(...args: string[]): Promise<Run> {
  return opsdeckWith(demo.env, ...args);
}

function opsdeckWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd: demo.dir, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 99) : 0, stdout, stderr });
    });
  });
}

const pids = (env: string): Record<string, PidRecord> => {
  const dir = join(demo.stateDir, 'services', 'demo', env);
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.pid')).map((f) => [f.slice(0, -4), readStateJson<PidRecord>(join(dir, f))!]));
};

describe('opsdeck start/stop (real binary)', () => {
  it('start --all starts the demo in dependency order; a second start finds them running; stop --all stops them in reverse', async () => {
    const start = await opsdeck('start', '--all');
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    const order = [...start.stdout.matchAll(/ (\w+) healthy in \d/g)].map((m) => m[1]);
    expect(order).toEqual(['store', 'api', 'worker', 'web']);
    expect(start.stdout).toMatch(/done: 4 started/);
    const first = pids('local');
    expect(Object.keys(first).sort()).toEqual(['api', 'store', 'web', 'worker']);

    const again = await opsdeck('start', '--all');
    expect(again.code).toBe(0);
    expect([...again.stdout.matchAll(/ (\w+) is already running/g)].map((m) => m[1])).toEqual(['store', 'api', 'worker', 'web']);
    const second = pids('local');
    for (const name of Object.keys(first)) expect(second[name]!.pid).toBe(first[name]!.pid);

    const stop = await opsdeck('stop', '--all');
    expect(stop.code).toBe(0);
    expect([...stop.stdout.matchAll(/ stopping (\w+)/g)].map((m) => m[1])).toEqual(['web', 'worker', 'api', 'store']);
    expect(pids('local')).toEqual({});
    for (const r of Object.values(first)) expect(isLive(procInfo(r.pid))).toBe(false);
  }, 120_000);

  it('a protected environment refuses without --confirm-env and starts nothing', async () => {
    const r = await opsdeck('start', '--all', '--env', 'production-sim');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('production-sim is a protected environment: add --confirm-env production-sim');
    const wrong = await opsdeck('start', 'store', '--env', 'production-sim', '--confirm-env', 'local');
    expect(wrong.code).toBe(2);
    expect(pids('production-sim')).toEqual({});
    const ok = await opsdeck('start', 'store', '--env', 'production-sim', '--confirm-env', 'production-sim', '--json');
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.stdout);
    expectJsonVocabulary(doc);
    expect(doc).toMatchObject({ version: 1, action: 'start', ok: true, environment: 'production-sim', outcomes: [{ service: 'store', outcome: 'started', durationMs: expect.any(Number) }] });
    const stop = await opsdeck('stop', 'store', '--env', 'production-sim', '--confirm-env', 'production-sim');
    expect(stop.code).toBe(0);
  }, 60_000);

  it('a service that cannot start (its port is taken) fails at once with exit 1, naming its log; its dependants are not started', async () => {
    const blocker = createServer((socket) => socket.destroy());
    await new Promise<void>((ok) => blocker.listen(demo.ports.local!.store, '127.0.0.1', ok));
    try {
      const r = await opsdeck('start', 'web');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/store failed to start: the process ended during start: exited with code 1 .*\(its output: .*store\.log\)/);
      expect(r.stdout).toContain('api skipped: not started because store did not start');
      expect(r.stdout).toContain('web skipped');
      expect(r.stdout).toMatch(/FAILED: 1 failed, 2 skipped/);
    } finally {
      await new Promise((ok) => blocker.close(ok));
    }
    expect((await opsdeck('stop', '--all')).code).toBe(0);
  }, 60_000);

  describeIfAvailable('typed confirmation on a terminal', tmuxAvailable(), 'tmux is not installed', () => {
    let pane: TmuxPane | undefined;
    afterEach(() => pane?.kill());

    it('asks for the environment name; a wrong answer does nothing, the right one starts', async () => {
      const env = { OPSDECK_STATE_DIR: demo.stateDir, OPSDECK_DIR: demo.dir, OPSDECK_PROFILE: 'demo', NO_COLOR: '1', DEMO_API_TOKEN: demo.env.DEMO_API_TOKEN! };
      const cmd = `${process.execPath} ${BIN} start store --env production-sim`;
      pane = startTmux(cmd, { shell: true, env });
      await pane.waitFor('Type the environment name (production-sim) to confirm, anything else refuses:');
      pane.type('production');
      pane.send('Enter');
      await pane.waitFor('typed "production", expected "production-sim"; nothing was done');
      expect(pids('production-sim')).toEqual({});
      pane.type(cmd);
      pane.send('Enter');
      await pane.waitFor(/Type the environment name \(production-sim\) to confirm, anything else refuses:\s*$/m);
      pane.type('production-sim');
      pane.send('Enter');
      await pane.waitFor('done: 1 started', 60_000);
      expect(Object.keys(pids('production-sim'))).toEqual(['store']);
      expect((await opsdeck('stop', '--all', '--env', 'production-sim', '--confirm-env', 'production-sim')).code).toBe(0);
    }, 90_000);
  });

  it('records service actions in the audit log; a protected one refuses while a run holds the lock', async () => {
    const stop = await opsdeck('stop', 'web');
    expect(stop.code, stop.stderr).toBe(0);
    const audit = readFileSync(join(demo.stateDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    const mine = audit.filter((e) => e.action === 'service.stop' && e.command === 'opsdeck stop web --env local');
    expect(mine.map((e) => e.outcome)).toEqual(['started', 'ok']);

    const file = lockPath('demo', 'production-sim', demo.env);
    const holder = acquireLock({ file, environment: 'production-sim', user: 'deployer', runbook: 'deploy', runId: 'run-under-way' });
    try {
      const r = await opsdeck('restart', 'api', '--env', 'production-sim', '--confirm-env', 'production-sim');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/production-sim is locked by .*deploy/);
      expect(r.stderr).toMatch(/opsdeck attach run-under-way/);
      expect(pids('production-sim')).toEqual({});
    } finally {
      releaseLock(file, holder.runId);
    }
    // Unlocked, the protected action takes the lock while it works and gives it back.
    const ok = await opsdeck('stop', 'api', '--env', 'production-sim', '--confirm-env', 'production-sim');
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(file)).toBe(false);
    const last = readFileSync(join(demo.stateDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>).filter((e) => e.action === 'service.stop').pop()!;
    expect(last).toMatchObject({ environment: 'production-sim', confirmation: 'asked typed "production-sim"; answered "production-sim" via flag --confirm-env', outcome: 'ok' });
  });

  it('a restart from another shell gets the same environment: the token comes only from inherit_env, and a shell without it is refused', async () => {
    expect((await opsdeck('start', 'store', 'api')).code).toBe(0);
    const apiLog = join(demo.stateDir, 'services', 'demo', 'local', 'api.pid');
    const before = readStateJson<PidRecord>(apiLog)!;
    expect(before.envNames).toContain('DEMO_API_TOKEN');
    expect(before.envNames).not.toContain('OPSDECK_DIR');
    const { DEMO_API_TOKEN: _gone, ...otherShell } = demo.env;
    const r = await opsdeckWith({ ...otherShell, SOME_OTHER_VAR: 'x' }, 'restart', 'api');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('inherit_env names DEMO_API_TOKEN, not set in this opsdeck\'s environment');
    expect((await opsdeck('stop', '--all')).code).toBe(0);
  }, 120_000);

  it('unknown service names and a missing target are usage errors', async () => {
    const r = await opsdeck('stop', 'wrker');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no service "wrker" in profile demo (did you mean "worker"?)');
    const none = await opsdeck('start');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name the services to start, or use --all');
  });
});

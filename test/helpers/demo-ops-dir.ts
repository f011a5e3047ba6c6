// The shipped demo, unmodified, in a temp copy of the repo's own layout: profiles/, runbooks/
// and dist/ (a link to the built program, which the profile runs as `node dist/demo/...` from
// the ops dir). Nothing shipped is rewritten: the demo listens on its fixed ports (7101-7104,
// production-sim 7201-7204), so a test file holds the machine-wide "demo-ports" lock from
// makeDemoOpsDir() until cleanup(), which stops every demo service it started first.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, openSync, closeSync, copyFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { selectProfile } from '../../src/adapters/fs/profile-loader.js';
import { ProcessSupervisor } from '../../src/adapters/process/process-supervisor.js';
import { isSameProcess } from '../../src/adapters/system/proc-info.js';
import { type PidRecord } from '../../src/adapters/process/pid-file.js';
import type { Profile } from '../../src/domain/profile/profile-model.js';
import { runLifecycleAction, type LifecycleResult } from '../../src/services/lifecycle/lifecycle.js';
import { lifecycleDeps } from '../../src/services/lifecycle/lifecycle-deps.js';
import { describeEvent } from '../../src/domain/lifecycle/lifecycle-events.js';
import { acquireMachineLock } from './machine-lock.js';
import { readStateJson } from '../../src/adapters/fs/state-dir.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const DEMO_BIN_REL = 'dist/demo/demo-service.js';
export const ROLES = ['store', 'api', 'worker', 'web'] as const;
export type DemoRole = (typeof ROLES)[number];
/** What opsdeck gives the repo's own demo when DEMO_API_TOKEN is unset (withDemoDefaults): a copy needs it set. */
export const NPM_START_DEMO_TOKEN = 'demo-token-4f9c2a7e1b';
/** Waiting for the demo ports while other files run the demo: beforeAll hooks use this timeout. */
export const DEMO_LOCK_TIMEOUT_MS = 20 * 60_000;

export interface DemoOpsDir {
  /** The ops dir: profiles/demo.yaml, runbooks/ (copied when the repo has them), dist -> the build. */
  dir: string;
  profileFile: string;
  /** A private OPSDECK_STATE_DIR inside the temp dir. */
  stateDir: string;
  /** Absolute path of the demo program the profile runs. */
  demoBin: string;
  /** Ports per environment ("local", "production-sim") and role, as the shipped profile says. */
  ports: Record<string, Record<DemoRole, number>>;
  /** Absolute data dir per environment (the profile's relative data_dir, in the ops dir). */
  dataDirs: Record<string, string>;
  /**
   * What a user's shell has after `npm start`: process.env plus OPSDECK_STATE_DIR, OPSDECK_DIR,
   * OPSDECK_PROFILE=demo, and DEMO_API_TOKEN (npm start's default unless set).
   */
  env: NodeJS.ProcessEnv;
  /**
   * Starts every demo service of `env` (default local) in dependency order, waiting for health;
   * throws with the failure when one does not come up.
   */
  startAll(env?: string): Promise<LifecycleResult>;
  /** Stops every demo service of `env` (default local), dependants first. */
  stopAll(env?: string): Promise<LifecycleResult>;
  /** Makes a demo service fail, slow down or recover (over its control endpoint). */
  control(role: DemoRole, action: 'fail' | 'slow' | 'recover', options?: { env?: string; ms?: number }): Promise<void>;
  /** Stops every service started from this dir (all environments), releases the ports' lock, deletes the dir. */
  cleanup(): Promise<void>;
}

export interface DemoOpsDirOptions {
  /** Copy the repo's runbooks/ too (default true). */
  runbooks?: boolean;
}

export async function makeDemoOpsDir(options: DemoOpsDirOptions = {}): Promise<DemoOpsDir> {
  const release = await acquireMachineLock('demo-ports', DEMO_LOCK_TIMEOUT_MS);
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-demo-'));
  const stateDir = join(dir, '.state');
  try {
    mkdirSync(join(dir, 'profiles'), { recursive: true });
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const demoBin = await demoProgram(dir);
    const profileFile = join(dir, 'profiles', 'demo.yaml');
    copyFileSync(join(REPO_ROOT, 'profiles', 'demo.yaml'), profileFile);
    if (options.runbooks !== false) copyRunbooks(join(dir, 'runbooks'));
    const loaded = selectProfile(dir, 'demo');
    const ports: Record<string, Record<DemoRole, number>> = {};
    const dataDirs: Record<string, string> = {};
    for (const [name, e] of Object.entries(loaded.environments)) {
      ports[name] = Object.fromEntries(ROLES.map((r) => [r, Number(e.vars[`${r}_port`])])) as Record<DemoRole, number>;
      dataDirs[name] = e.vars.data_dir!;
    }
    await portsFree(Object.values(ports).flatMap((p) => Object.values(p)));
    const env: NodeJS.ProcessEnv = { ...process.env, DEMO_API_TOKEN: process.env.DEMO_API_TOKEN || NPM_START_DEMO_TOKEN, OPSDECK_STATE_DIR: stateDir, OPSDECK_DIR: dir, OPSDECK_PROFILE: 'demo' };
    let cleaned = false;
    liveStateDirs.add(stateDir);
    const lifecycle = async (action: 'start' | 'stop', envName = 'local'): Promise<LifecycleResult> => {
      const profile = selectProfile(dir, 'demo');
      const environment = profile.environments[envName];
      if (!environment) throw new Error(`demo has no environment ${envName}`);
      const lines: string[] = [];
      const deps = lifecycleDeps({ profile, environment, stateDir, env, onEvent: (e) => lines.push(describeEvent(e)) });
      try {
        const result = await runLifecycleAction(action, 'all', deps.options);
        if (!result.ok) throw new Error(`demo ${action} failed in ${envName}:\n${lines.join('\n')}`);
        return result;
      } finally {
        await deps.close();
      }
    };
    return {
      dir, profileFile, stateDir, demoBin, ports, dataDirs, env,
      startAll: (e) => lifecycle('start', e),
      stopAll: (e) => lifecycle('stop', e),
      async control(role, action, opts = {}) {
        const port = ports[opts.env ?? 'local']![role];
        const query = `?role=${role}${action === 'slow' ? `&ms=${opts.ms ?? 1500}` : ''}`;
        const res = await fetch(`http://127.0.0.1:${port}/control/${action}${query}`, { method: 'POST', signal: AbortSignal.timeout(5000) });
        if (res.status !== 200) throw new Error(`control ${action} on ${role}: status ${res.status}`);
      },
      async cleanup() {
        if (cleaned) return;
        cleaned = true;
        try {
          await stopEverything(dir, stateDir);
        } finally {
          liveStateDirs.delete(stateDir);
          rmSync(dir, { recursive: true, force: true });
          release();
        }
      },
    };
  } catch (e) {
    await stopEverything(dir, stateDir).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    release();
    throw e;
  }
}

/** Stops every service that has a pid file in this state dir, in every environment. */
async function stopEverything(dir: string, stateDir: string): Promise<void> {
  const root = join(stateDir, 'services', 'demo');
  if (!existsSync(root)) return;
  // Only names matter for stopping: a test may have broken the profile file on purpose.
  let profile: Profile;
  try {
    profile = selectProfile(dir, 'demo');
  } catch {
    profile = { name: 'demo', file: '', baseDir: dir, environments: {}, secrets: [], services: {}, maintenanceWindows: [] };
  }
  for (const envName of readdirSync(root)) {
    const environment = profile.environments[envName] ?? { name: envName, protected: false, vars: {}, requires: [], renamed: {}, deprecated: [], formats: {} };
    const sup = new ProcessSupervisor(profile, environment, { stateDir });
    // Reverse dependency order is not needed here: every group is killed regardless.
    await Promise.all(sup.knownServices().map((s) => sup.stopByName(s, 3000)));
  }
}

/**
 * The lock keeps tests apart; a demo someone runs by hand (npm start in another checkout) holds
 * the ports without it: wait for them to be free, then say who holds them.
 */
async function portsFree(ports: number[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy: number[] = [];
    for (const port of ports) if (!(await canListen(port))) busy.push(port);
    if (busy.length === 0) return;
    if (Date.now() > deadline) throw new Error(`the demo's ports ${busy.join(', ')} are held by a process outside the "demo-ports" lock (a demo started by hand?) for ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function copyRunbooks(target: string): void {
  const source = join(REPO_ROOT, 'runbooks');
  if (!existsSync(source)) return;
  mkdirSync(target, { recursive: true });
  for (const f of readdirSync(source)) if (/\.ya?ml$/.test(f)) copyFileSync(join(source, f), join(target, f));
}

// dist/ of the repo when it is built (a link: the profile's `node dist/demo/...` finds it from
// the ops dir as it does in a clone); otherwise the program bundled into this dir's dist/.
async function demoProgram(dir: string): Promise<string> {
  const built = join(REPO_ROOT, DEMO_BIN_REL);
  if (existsSync(built)) {
    symlinkSync(join(REPO_ROOT, 'dist'), join(dir, 'dist'), 'dir');
    return join(dir, DEMO_BIN_REL);
  }
  const out = join(dir, DEMO_BIN_REL);
  const { build } = await import('esbuild');
  await build({ entryPoints: [join(REPO_ROOT, 'src/demo/demo-service.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  return out;
}

// ── Port reservation ────────────────────────────────────────────────────────────────────────
// Below the kernel's ephemeral range (32768+), so port-0 listeners of other suites never take
// them; a reservation file per port (O_EXCL, holding our pid) keeps concurrent test processes
// from picking the same one between probing and the service binding it.

const RESERVATIONS = join(tmpdir(), 'opsdeck-test-ports');
const LOW = 20000;
const HIGH = 32000;
const mine = new Set<number>();

/**
 * A free loopback port reserved for this test process until it exits (or releasePort): for
 * fixtures that must be told their port before they start.
 */
export async function reserveFreePort(from = LOW + Math.floor(Math.random() * (HIGH - LOW - 100))): Promise<number> {
  return reservePort(from);
}

async function reservePort(from: number): Promise<number> {
  mkdirSync(RESERVATIONS, { recursive: true });
  let port = Math.max(LOW, Math.min(from, HIGH - 1));
  for (let tries = 0; tries < HIGH - LOW; tries++, port = port + 1 >= HIGH ? LOW : port + 1) {
    if (!claim(port)) continue;
    if (await canListen(port)) {
      mine.add(port);
      return port;
    }
    rmSync(join(RESERVATIONS, String(port)), { force: true });
  }
  throw new Error(`no free port between ${LOW} and ${HIGH}`);
}

function claim(port: number): boolean {
  const file = join(RESERVATIONS, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(file, 'wx'));
      writeFileSync(file, String(process.pid));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      const holder = Number(readFileSync(file, 'utf8').trim());
      // Empty: being written this instant by another process; treat as taken.
      if (!holder || isSameProcess(holder, undefined)) return false;
      rmSync(file, { force: true });
    }
  }
  return false;
}

export function releasePort(port: number): void {
  if (!mine.delete(port)) return;
  rmSync(join(RESERVATIONS, String(port)), { force: true });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const server = createServer();
    server.once('error', () => ok(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => ok(true)));
  });
}

// A test file that crashed before cleanup() must not leave demo services running: on exit,
// SIGKILL every group still recorded in our state dirs (synchronously: no awaiting at exit).
const liveStateDirs = new Set<string>();

function killRecorded(stateDir: string): void {
  const root = join(stateDir, 'services', 'demo');
  if (!existsSync(root)) return;
  for (const env of readdirSync(root)) {
    for (const f of readdirSync(join(root, env)).filter((n) => n.endsWith('.pid'))) {
      const rec = readStateJson<PidRecord>(join(root, env, f));
      if (!rec || !isSameProcess(rec.pid, rec.procStartTime)) continue;
      try {
        process.kill(-rec.pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

process.once('exit', () => {
  for (const dir of liveStateDirs) killRecorded(dir);
  for (const port of mine) rmSync(join(RESERVATIONS, String(port)), { force: true });
});

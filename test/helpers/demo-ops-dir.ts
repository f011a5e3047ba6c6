// A private copy of the demo for one test file: profiles/demo.yaml (and runbooks/, if any) in a
// temp ops dir, every port moved to free ones reserved for this process, the data dirs and the
// state dir inside the temp dir. Several suites run the demo at once on this machine.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument, isMap } from 'yaml';
import { selectProfile } from '../../src/adapters/fs/profile-loader.js';
import { ProcessSupervisor } from '../../src/adapters/process/process-supervisor.js';
import { isSameProcess } from '../../src/adapters/system/proc-info.js';
import { readJson, type PidRecord } from '../../src/adapters/process/pid-file.js';
import type { Profile } from '../../src/domain/profile/profile-model.js';
import { runLifecycleAction, type LifecycleResult } from '../../src/services/lifecycle/lifecycle.js';
import { lifecycleDeps } from '../../src/services/lifecycle/lifecycle-deps.js';
import { describeEvent } from '../../src/domain/lifecycle/lifecycle-events.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const DEMO_BIN_REL = 'dist/demo/demo-service.js';
export const ROLES = ['store', 'api', 'worker', 'web'] as const;
export type DemoRole = (typeof ROLES)[number];

export interface DemoOpsDir {
  /** The ops dir: profiles/demo.yaml, runbooks/ (copied when the repo has them). */
  dir: string;
  profileFile: string;
  /** A private OPSDECK_STATE_DIR inside the temp dir. */
  stateDir: string;
  /** Absolute path of the demo program the profile runs. */
  demoBin: string;
  /** Ports per environment ("local", "production-sim") and role. */
  ports: Record<string, Record<DemoRole, number>>;
  /** Absolute data dir per environment. */
  dataDirs: Record<string, string>;
  /** process.env plus OPSDECK_STATE_DIR, OPSDECK_DIR and OPSDECK_PROFILE=demo: for spawning the CLI. */
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
  /** Stops every service started from this dir (all environments), frees the ports, deletes the dir. */
  cleanup(): Promise<void>;
}

export interface DemoOpsDirOptions {
  /** Where to start looking for free ports (default: a random place in 20000-31000). */
  portBase?: number;
  /** Copy the repo's runbooks/ too (default true). */
  runbooks?: boolean;
}

export async function makeDemoOpsDir(options: DemoOpsDirOptions = {}): Promise<DemoOpsDir> {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-demo-'));
  const stateDir = join(dir, '.state');
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const demoBin = await demoProgram(dir);
  const reserved: number[] = [];
  try {
    const doc = parseDocument(readFileSync(join(REPO_ROOT, 'profiles', 'demo.yaml'), 'utf8'));
    const envs = doc.get('environments');
    if (!isMap(envs)) throw new Error('profiles/demo.yaml: environments is not a mapping');
    const ports: Record<string, Record<DemoRole, number>> = {};
    const dataDirs: Record<string, string> = {};
    let next = options.portBase ?? 20000 + Math.floor(Math.random() * 11000);
    for (const pair of envs.items) {
      const env = String((pair.key as { value: unknown }).value);
      const got = {} as Record<DemoRole, number>;
      for (const role of ROLES) {
        const port = await reservePort(next);
        reserved.push(port);
        next = port + 1;
        got[role] = port;
        doc.setIn(['environments', env, 'vars', `${role}_port`], String(port));
      }
      ports[env] = got;
      dataDirs[env] = join(dir, 'data', env);
      doc.setIn(['environments', env, 'vars', 'data_dir'], dataDirs[env]);
    }
    // The services run from the temp dir: point them at the real program and this node.
    const services = (doc.toJS() as { services: Record<string, { process?: { command: string[] } }> }).services;
    for (const [name, svc] of Object.entries(services)) {
      const argv = svc.process?.command;
      if (!argv) continue;
      doc.setIn(['services', name, 'process', 'command'], doc.createNode(argv.map((a) => (a === DEMO_BIN_REL ? demoBin : a === 'node' ? process.execPath : a))));
    }
    const profileFile = join(dir, 'profiles', 'demo.yaml');
    writeFileSync(profileFile, doc.toString());
    if (options.runbooks !== false) copyRunbooks(join(dir, 'runbooks'), demoBin);

    const env: NodeJS.ProcessEnv = { ...process.env, OPSDECK_STATE_DIR: stateDir, OPSDECK_DIR: dir, OPSDECK_PROFILE: 'demo' };
    let cleaned = false;
    liveStateDirs.add(stateDir);
    const lifecycle = async (action: 'start' | 'stop', envName = 'local'): Promise<LifecycleResult> => {
      const profile = selectProfile(dir, 'demo');
      const environment = profile.environments[envName];
      if (!environment) throw new Error(`demo has no environment ${envName}`);
      const lines: string[] = [];
      const deps = lifecycleDeps({ profile, environment, stateDir, onEvent: (e) => lines.push(describeEvent(e)) });
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
          reserved.forEach(releasePort);
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    reserved.forEach(releasePort);
    rmSync(dir, { recursive: true, force: true });
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

function copyRunbooks(target: string, demoBin: string): void {
  const source = join(REPO_ROOT, 'runbooks');
  if (!existsSync(source)) return;
  mkdirSync(target, { recursive: true });
  for (const f of readdirSync(source)) {
    if (!/\.ya?ml$/.test(f)) continue;
    writeFileSync(join(target, f), readFileSync(join(source, f), 'utf8').split(DEMO_BIN_REL).join(demoBin));
  }
}

// The built program when there is one; otherwise bundle it for this dir (tests run without a build).
async function demoProgram(dir: string): Promise<string> {
  const built = join(REPO_ROOT, DEMO_BIN_REL);
  if (existsSync(built)) return built;
  const out = join(dir, '.bin', 'demo-service.js');
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
      const rec = readJson<PidRecord>(join(root, env, f));
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

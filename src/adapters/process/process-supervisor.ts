// Starts and stops `process` services as real detached services: each in its own process group
// (session), output masked by a writer process (masking-log-writer.ts) then appended to a log
// file in the state dir, a pid file any opsdeck on the host can read. They keep running when the console quits; stop signals the whole group.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { StepFailedError, errorMessage } from '../../domain/errors.js';
import type { RunState } from '../../domain/health/health-model.js';
import type { Environment, Profile, Service } from '../../domain/profile/profile-model.js';
import { expandArgv, expandTemplate, type TemplateScopes } from '../../domain/template.js';
import type { ServiceController, ServiceStatus } from '../../ports/service-controller.js';
import { checkStateFolder, stateDir, readStateJson, writeStateJson } from '../fs/state-dir.js';
import { readEnvFile } from '../fs/env-file.js';
import { composeServiceEnv } from '../../domain/profile/service-env.js';
import { serviceDir } from './service-files.js';
import { isSameProcess, procInfo } from '../system/proc-info.js';
import { stopProcessGroup } from './process-group.js';
import { removeFile, type ExitRecord, type PidRecord } from './pid-file.js';
import { lockAction, withLock } from './start-lock.js';
import { spawnLogWriter } from './masking-log-writer.js';
import { secretValuesFrom } from '../../domain/text/redaction.js';

export { serviceDir, serviceLogPath, servicePidPath } from './service-files.js';

/** Logs are rotated (one old generation kept) when a start finds them larger than this. */
const ROTATE_BYTES = 20 * 1024 * 1024;

/**
 * Children this process spawned whose exit has not been seen yet. Between the kernel marking
 * one dead and Node reaping it (and learning its exit code) it still counts as running here,
 * so the exit is reported with its code rather than as "gone, code unknown".
 */
const exitPending = new Set<number>();

export interface ProcessSupervisorOptions {
  /** Defaults to OPSDECK_STATE_DIR / XDG state dir. */
  stateDir?: string;
  /** Base environment for services (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
}

export class ProcessSupervisor implements ServiceController {
  private readonly root: string;
  private readonly dir: string;
  private readonly scopes: TemplateScopes;

  constructor(
    private readonly profile: Profile,
    private readonly environment: Environment,
    private readonly options: ProcessSupervisorOptions = {},
  ) {
    this.root = options.stateDir ?? stateDir();
    this.dir = serviceDir(profile.name, environment.name, this.root);
    // Below the start-up scan's depth: others able to write here could plant pid files and links.
    checkStateFolder(dirname(this.dir));
    checkStateFolder(this.dir);
    this.scopes = { vars: environment.vars };
  }

  logPath(service: string): string {
    return join(this.dir, `${service}.log`);
  }

  private file(service: string, ext: 'pid' | 'lock' | 'exit'): string {
    return join(this.dir, `${service}.${ext}`);
  }

  async runState(service: Service): Promise<RunState> {
    return (await this.status(service)).run;
  }

  async status(service: Service): Promise<ServiceStatus> {
    return this.statusByName(service.name);
  }

  statusByName(name: string): ServiceStatus {
    const logFile = this.logPath(name);
    const rec = readStateJson<PidRecord>(this.file(name, 'pid'));
    const busy = lockAction(this.file(name, 'lock'));
    if (!rec) return { run: busy === 'starting' ? 'starting' : 'stopped', logFile };
    const base = { pid: rec.pid, startedAt: rec.startedAt, startedBy: rec.startedBy, logFile, envNames: rec.envNames };
    if (busy === 'stopping') return { ...base, run: 'stopping', detail: `stopping pid ${rec.pid}` };
    if (rec.host && rec.host !== hostname()) return { ...base, run: 'unknown', detail: `started on ${rec.host}: its state cannot be seen from ${hostname()}` };
    if (isSameProcess(rec.pid, rec.procStartTime) || exitPending.has(rec.pid)) {
      return { ...base, run: 'running', detail: `pid ${rec.pid} since ${rec.startedAt} by ${rec.startedBy}` };
    }
    const exit = readStateJson<ExitRecord>(this.file(name, 'exit'));
    if (exit && exit.pid === rec.pid && exit.procStartTime === rec.procStartTime) {
      const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
      return { ...base, run: 'exited', exitCode: exit.exitCode, exitSignal: exit.signal, detail: `${how} at ${exit.exitedAt}` };
    }
    return { ...base, run: 'exited', detail: `pid ${rec.pid} is gone; exit code unknown (only the opsdeck that started it sees it)` };
  }

  /** Names of services with a pid file in this environment (running or exited). */
  knownServices(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((f) => f.endsWith('.pid')).map((f) => f.slice(0, -4));
  }

  async start(service: Service): Promise<void> {
    const p = service.provider;
    if (p.kind !== 'process') throw new StepFailedError(`${service.name} is not a process service`);
    const command = this.expand(service.name, () => expandArgv(p.command, this.scopes));
    const cwd = resolve(this.profile.baseDir, p.cwd === undefined ? '.' : this.expand(service.name, () => expandTemplate(p.cwd!, this.scopes)));
    const env = this.environmentOf(service.name, p);

    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    await withLock(this.file(service.name, 'lock'), 'starting', p.stopTimeoutMs + 15_000, async () => {
      // Another console may have started it while we waited for the lock: never a duplicate.
      const now = this.statusByName(service.name);
      if (now.run === 'running') return;
      if (now.run === 'unknown') throw new StepFailedError(`cannot start ${service.name} here: ${now.detail}`);
      // An exited service may have left children behind in its group: clear them first.
      await this.killLeftovers(service.name, p.stopTimeoutMs);
      removeFile(this.file(service.name, 'exit'));
      if (!existsSync(cwd) || !statSync(cwd).isDirectory()) throw new StepFailedError(`cannot start ${service.name}: working directory ${cwd} does not exist`, command);
      const record = await this.spawnDetached(service.name, command, cwd, env);
      writeStateJson(this.file(service.name, 'pid'), record);
    });
  }

  /** What the profile declares, the same whoever starts it (see composeServiceEnv). */
  private environmentOf(name: string, p: Extract<Service['provider'], { kind: 'process' }>): Record<string, string> {
    const declared: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.env)) declared[k] = this.expand(name, () => expandTemplate(v, this.scopes));
    let fromFile: Record<string, string> = {};
    if (p.envFile !== undefined) {
      const path = this.expand(name, () => expandTemplate(p.envFile!, this.scopes));
      const read = readEnvFile(path, { baseDir: this.profile.baseDir, secretNames: this.profile.secrets });
      if (!read.ok) throw new StepFailedError(`cannot start ${name} in ${this.environment.name}: ${read.problems.map((x) => x.message).join('; ')}`);
      fromFile = read.values;
    }
    const opsdeck = { OPSDECK_SERVICE: name, OPSDECK_ENV: this.environment.name, OPSDECK_PROFILE: this.profile.name };
    const { env, missing } = composeServiceEnv({ own: this.options.env ?? process.env, inheritEnv: p.inheritEnv, fromFile, declared, opsdeck });
    if (missing.length) {
      throw new StepFailedError(`cannot start ${name} in ${this.environment.name}: inherit_env names ${missing.join(', ')}, not set in this opsdeck's environment (the service gets the same environment whoever starts it: set ${missing.length > 1 ? 'them' : 'it'}, or put ${missing.length > 1 ? 'them' : 'it'} in an env_file)`);
    }
    return env;
  }

  private expand<T>(service: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw new StepFailedError(`cannot start ${service} in ${this.environment.name}: ${errorMessage(e)}`);
    }
  }

  private async spawnDetached(name: string, command: string[], cwd: string, env: Record<string, string>): Promise<PidRecord> {
    const logFile = this.logPath(name);
    rotateIfLarge(logFile);
    // Masked before the first write: the secrets this service is given (and those of whoever
    // starts it) never reach the file.
    const secrets = [...secretValuesFrom(this.profile.secrets, env), ...secretValuesFrom(this.profile.secrets, this.options.env ?? process.env)];
    let writer;
    try {
      writer = await spawnLogWriter(logFile, secrets);
    } catch (e) {
      throw new StepFailedError(`cannot start ${name}: its masking log writer did not start: ${errorMessage(e)}`, command);
    }
    const pipe = writer.stdin!;
    try {
      const child = spawn(command[0]!, command.slice(1), { cwd, env, detached: true, stdio: ['ignore', pipe, pipe] });
      await new Promise<void>((ok, fail) => {
        child.once('spawn', ok);
        child.once('error', (e) => fail(new StepFailedError(`cannot start ${name}: ${spawnError(e, command[0]!)}`, command)));
      });
      const pid = child.pid!;
      const procStartTime = procInfo(pid)?.startTime;
      // Seen only while this opsdeck lives; another console reports "exit code unknown".
      exitPending.add(pid);
      child.once('exit', (exitCode, signal) => {
        const rec: ExitRecord = { pid, procStartTime, exitCode, signal, exitedAt: new Date().toISOString() };
        try {
          writeStateJson(this.file(name, 'exit'), rec);
        } catch {
          /* state dir removed: nothing to record */
        }
        exitPending.delete(pid);
      });
      child.unref();
      return {
        pid, pgid: pid, startedAt: new Date().toISOString(), procStartTime, command, cwd,
        startedBy: `${safeUser()}@${hostname()}`, host: hostname(), profile: this.profile.name, environment: this.environment.name, service: name, logFile, logWriterPid: writer.pid,
        envNames: Object.keys(env).sort(),
      };
    } finally {
      // Only the service holds the pipe now: the writer ends when the service's output does.
      pipe.destroy();
    }
  }

  async stop(service: Service): Promise<void> {
    const timeout = service.provider.kind === 'process' ? service.provider.stopTimeoutMs : 5000;
    await this.stopByName(service.name, timeout);
  }

  /** Stops by name (also services no longer in the profile): SIGTERM to the group, then SIGKILL. */
  async stopByName(name: string, stopTimeoutMs = 5000): Promise<void> {
    if (!existsSync(this.file(name, 'pid'))) return;
    await withLock(this.file(name, 'lock'), 'stopping', stopTimeoutMs + 15_000, async () => {
      await this.killLeftovers(name, stopTimeoutMs);
      removeFile(this.file(name, 'pid'));
      removeFile(this.file(name, 'exit'));
    });
  }

  /** Ends every live member of the recorded group; the pid file stays (the caller decides). */
  private async killLeftovers(name: string, stopTimeoutMs: number): Promise<void> {
    const rec = readStateJson<PidRecord>(this.file(name, 'pid'));
    if (!rec) return;
    // Its pid means another process here: never signal on the strength of a foreign record.
    if (rec.host && rec.host !== hostname()) throw new StepFailedError(`${name} was started on ${rec.host}: stop it there`);
    await stopProcessGroup(name, rec.pgid, rec.procStartTime, stopTimeoutMs);
  }
}

function rotateIfLarge(file: string): void {
  try {
    if (statSync(file).size > ROTATE_BYTES) renameSync(file, `${file}.1`);
  } catch {
    /* no log yet */
  }
}

function spawnError(e: Error, program: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `program "${program}" not found${isAbsolute(program) ? '' : ' on PATH'}`;
  if (code === 'EACCES') return `program "${program}" is not executable`;
  return e.message;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

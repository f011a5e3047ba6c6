// A runbook step on a profile host (`host:`), against a real sshd on loopback, through the real
// binary: it ends when its process exits although a daemon it left holds the output; a timeout
// and a SIGTERM abort of `opsdeck run` end every process it started on the host (a setsid
// daemon, a double fork, a TERM-ignoring leader) and release the environment lock. The host's
// side is this machine: /proc, filtered by the host user's uid, shows what still runs there.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeIfAvailable } from '../helpers/requirements.js';
import { processesOf, sshEnv, startFleet, type SshFleet } from '../helpers/ssh-fleet.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { until } from '../helpers/until.js';

// A daemon in its own session, a double-forked TERM-ignorer, and a TERM-ignoring leader.
const LEAVING = `setsid sh -c 'exec sleep 3200' & (sh -c 'trap "" TERM; while :; do sleep 0.2; done' &) ; trap "" TERM; echo started; while :; do sleep 0.2; done`;

describeIfAvailable('a runbook step on a remote host', sshEnv.available, sshEnv.reason, () => {
  let fleet: SshFleet;
  let ops: string;
  let env: NodeJS.ProcessEnv;
  const user = (): string => fleet.hosts['app-1']!.user;
  /** What the steps started on the host: gone when the step has returned. */
  const leftovers = (): string[] => processesOf(user()).filter((p) => !p.includes('opsdeck-exec') && / sleep (3\d{3}|0\.2)$|while :/.test(p));
  /** opsdeck's own wrapper on the host (the master's `cat` aside): it ends itself once the client is gone. */
  const wrapperGone = (): Promise<unknown> => until('opsdeck\'s wrapper gone from the host', () => !processesOf(user()).some((p) => /opsdeck-exec|while read/.test(p)), 10_000, 50, () => processesOf(user()).join('\n'));
  const locks = (): string[] => (existsSync(join(env.OPSDECK_STATE_DIR!, 'locks')) ? readdirSync(join(env.OPSDECK_STATE_DIR!, 'locks')).filter((f) => f.endsWith('.lock')) : []);
  const run = (runbook: string) => runCli(['run', runbook, '--env', 'local', '--dir', ops], env, 90_000);

  beforeAll(async () => {
    fleet = await startFleet([{ name: 'app-1' }]);
    ops = tempDir('opsdeck-remote-step-');
    mkdirSync(join(ops, 'profiles'));
    mkdirSync(join(ops, 'runbooks'));
    writeFileSync(join(ops, 'profiles', 'shop.yaml'), 'name: shop\nhosts:\n  app-1: { ssh: app-1 }\nenvironments:\n  local: {}\nservices: {}\n');
    const rb = (name: string, step: string): void => writeFileSync(join(ops, 'runbooks', `${name}.yaml`), `name: ${name}\nsteps:\n${step}  - { id: after, run: [touch, "${ops}/after-${name}"] }\n`);
    // A timeout far beyond the step: it is there so that waiting on the daemon shows as timed-out.
    rb('daemon', `  - id: launch\n    host: app-1\n    timeout: 60s\n    shell: 'setsid sleep 3100 & echo "launched on $(hostname) as $(id -un) with $OPSDECK_INPUT_WHO"'\n`);
    rb('leave', `  - id: leave\n    host: app-1\n    timeout: 2s\n    shell: ${JSON.stringify(LEAVING)}\n`);
    rb('abort', `  - id: leave\n    host: app-1\n    shell: ${JSON.stringify(LEAVING)}\n`);
    // On SIGTERM it says so and takes 2 s to clean up: within the grace (5 s), as locally. Its
    // line must not meet a closed channel (it died of SIGPIPE there, before the grace mattered).
    rb('graceful', `  - id: tidy\n    host: app-1\n    timeout: 2s\n    shell: ${JSON.stringify(`trap 'echo cleaning up; sleep 2; echo tidied > "$HOME/tidied"; exit 0' TERM; echo started; while :; do sleep 0.2; done`)}\n`);
    writeFileSync(join(ops, 'runbooks', 'daemon.yaml'), readFileSync(join(ops, 'runbooks', 'daemon.yaml'), 'utf8').replace('steps:', 'inputs:\n  - { name: who, default: "$(touch /tmp/never)" }\nsteps:'));
    env = { ...fleet.env, OPSDECK_STATE_DIR: join(ops, '.state') };
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
    removeTempDirs();
  });

  it('ends when its process exits, though a daemon it left holds the output; inputs arrive as data', async () => {
    const r = await run('daemon');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('on app-1: /bin/sh -c');
    expect(r.stdout).toMatch(new RegExp(`launched on \\S+ as ${user()} with \\$\\(touch /tmp/never\\)`));
    expect(r.stdout).toMatch(/launch succeeded/);
    expect(existsSync(join(ops, 'after-daemon'))).toBe(true);
    expect(existsSync('/tmp/never')).toBe(false);
    // As a local step's daemon, the one it launched is left running (the step succeeded).
    expect(leftovers().filter((p) => / sleep 3100$/.test(p))).toHaveLength(1);
    expect(locks()).toEqual([]);
    process.kill(Number(leftovers().find((p) => / sleep 3100$/.test(p))!.split(' ')[0]), 'SIGKILL');
  }, 90_000);

  it('a timeout ends every process it started on the host and releases the lock', async () => {
    const r = await run('leave');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/leave timed-out/);
    expect(r.stdout + r.stderr).toMatch(/timed out after 2000ms: ended every process it started on app-1/);
    expect(leftovers()).toEqual([]);
    expect(locks()).toEqual([]);
    expect(existsSync(join(ops, 'after-leave'))).toBe(false);
    await wrapperGone();
  }, 90_000);

  it('a timed-out step on the host gets the runner\'s grace between SIGTERM and SIGKILL to clean up (it had a fixed second)', async () => {
    const cleaned = join(fleet.hosts['app-1']!.home, 'tidied');
    rmSync(cleaned, { force: true });
    try {
      const r = await run('graceful');
      expect(r.stdout + r.stderr).toMatch(/timed out after 2000ms: ended every process it started on app-1/);
      console.log(r.stdout, r.stderr);
      expect(readFileSync(cleaned, 'utf8')).toBe('tidied\n');
      expect(leftovers()).toEqual([]);
      expect(locks()).toEqual([]);
      await wrapperGone();
    } finally {
      rmSync(cleaned, { force: true });
    }
  }, 90_000);

  it('SIGTERM to `opsdeck run` aborts the step and ends every process it started on the host', async () => {
    const cli = startCli(['run', 'abort', '--env', 'local', '--dir', ops], env, 90_000);
    let out = '';
    cli.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until('the step is running on the host', () => out.includes('│ started') && leftovers().some((p) => / sleep 3200$/.test(p)), 30_000);
    cli.child.kill('SIGTERM');
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/aborted: ended every process it started on app-1/);
    expect(leftovers()).toEqual([]);
    expect(locks()).toEqual([]);
    expect(existsSync(join(ops, 'after-abort'))).toBe(false);
    await wrapperGone();
  }, 90_000);
});

describe('validate: a step host', () => {
  it('must be a host of every environment the step runs in, and only on run/shell steps', async () => {
    const dir = tempDir('opsdeck-remote-step-validate-');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(join(dir, 'profiles', 'shop.yaml'), 'name: shop\nhosts:\n  app-1: { ssh: app-1 }\n  db-1: { ssh: db-1 }\nenvironments:\n  local: { hosts: [db-1] }\n  prod: {}\nservices: {}\n');
    writeFileSync(join(dir, 'runbooks', 'r.yaml'), 'name: r\nsteps:\n  - id: a\n    host: app-1\n    run: [uptime]\n  - id: b\n    host: app-1\n    manual: look\n  - id: c\n    host: db-1\n    when: [local]\n    run: [uptime]\n');
    const r = await runCli(['validate', '--dir', dir], { OPSDECK_STATE_DIR: join(dir, '.state') });
    expect(r.code).not.toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/r\.yaml:4:11: host "app-1" is not a host of environment local/);
    expect(out).toMatch(/r\.yaml:7:5: host: runs a run or shell step on a host; this step has neither/);
    expect(out).not.toMatch(/r\.yaml:1[01]:/);
  }, 60_000);
});

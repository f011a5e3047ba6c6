// `opsdeck run` through the real binary without a terminal: flags give confirmations or the run
// stops before the step naming the flag; protected environments need --change and --confirm-env.
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdirSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { REPO_ROOT } from '../helpers/demo-ops-dir.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';

afterAll(removeTempDirs);

const ops = tempDir('opsdeck-run-cli-');
const data = join(ops, 'data');
mkdirSync(join(ops, 'profiles'));
mkdirSync(join(ops, 'runbooks'));
mkdirSync(data);
writeFileSync(join(ops, 'profiles', 'shop.yaml'), `
name: shop
environments:
  local: { vars: { data_dir: "${data}" } }
  production: { protected: true, vars: { data_dir: "${data}" } }
services: {}
`);
writeFileSync(join(ops, 'runbooks', 'cli.yaml'), `
name: cli
title: CLI test
inputs:
  - { name: tag, pattern: "[a-z]+" }
steps:
  - { id: first, run: [touch, "{{ vars.data_dir }}/first-{{ inputs.tag }}"] }
  - { id: risky, run: [touch, "{{ vars.data_dir }}/risky-{{ inputs.tag }}"], confirm: true }
  - { id: last, run: [touch, "{{ vars.data_dir }}/last-{{ inputs.tag }}"] }
`);
writeFileSync(join(ops, 'runbooks', 'slow.yaml'), `
name: slow
steps:
  - { id: wait, shell: 'echo started; sleep 60 & sleep 60; wait' }
  - { id: after, run: [touch, "{{ vars.data_dir }}/after-slow"] }
`);

const env = (): NodeJS.ProcessEnv => ({ ...process.env, OPSDECK_STATE_DIR: join(tempDir(), 'state'), OPSDECK_DIR: ops, OPSDECK_PROFILE: 'shop' });
const marker = (name: string): boolean => existsSync(join(data, name));

describe('opsdeck run (headless)', () => {
  it('prints the plan first, then stops before a confirm step without a TTY, naming --yes', async () => {
    const r = await runCli(['run', 'cli', '--env', 'local', '--input', 'tag=one'], env());
    expect(r.stdout.split('\n')[0]).toBe('Runbook cli: CLI test');
    expect(r.stdout).toContain(`$ touch ${data}/risky-one`);
    expect(r.stdout).toMatch(/risky: risky {2}\[confirm y\/N\]/);
    expect(r.stdout.indexOf('Plan:')).toBeLessThan(r.stdout.indexOf('▶'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/step "risky" needs a confirmation: pass --yes to confirm it \(stopped before the step\)/);
    expect(marker('first-one')).toBe(true);
    expect(marker('risky-one')).toBe(false);
    expect(marker('last-one')).toBe(false);
  });

  it('--yes proceeds through every step', async () => {
    const r = await runCli(['run', 'cli', '--env', 'local', '--input', 'tag=two', '--yes'], env());
    expect(r.code, r.stderr).toBe(0);
    expect(['first-two', 'risky-two', 'last-two'].every(marker)).toBe(true);
    expect(r.stdout).toMatch(/Run succeeded/);
  });

  it('a missing or invalid input is a usage error naming the input; nothing runs', async () => {
    const missing = await runCli(['run', 'cli', '--env', 'local', '--yes'], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/input "tag" is required.*--input tag=VALUE/);
    const bad = await runCli(['run', 'cli', '--env', 'local', '--yes', '--input', 'tag=$(touch x)'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/input "tag": "\$\(touch x\)" does not match the pattern \[a-z\]\+/);
    expect(readdirSync(data).some((f) => f.includes('touch'))).toBe(false);
  });

  it('protected environment: refuses without --change, stops before a typed step without --confirm-env, runs with both', async () => {
    const noChange = await runCli(['run', 'cli', '--env', 'production', '--input', 'tag=three', '--yes'], env());
    expect(noChange.code).toBe(2);
    expect(noChange.stderr).toMatch(/environment production is protected: .*--change REF/);
    expect(marker('first-three')).toBe(false);

    const noConfirm = await runCli(['run', 'cli', '--env', 'production', '--input', 'tag=four', '--yes', '--change', 'OPS-1'], env());
    expect(noConfirm.code).toBe(1);
    expect(noConfirm.stdout).toMatch(/risky: risky {2}\[typed confirmation\]/);
    expect(noConfirm.stderr).toMatch(/step "risky" needs a typed confirmation in protected environment production: pass --confirm-env production/);
    expect(marker('first-four')).toBe(true);
    expect(marker('risky-four')).toBe(false);

    const wrong = await runCli(['run', 'cli', '--env', 'production', '--input', 'tag=five', '--change', 'OPS-1', '--confirm-env', 'prod'], env());
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--confirm-env prod does not match the environment production/);

    const ok = await runCli(['run', 'cli', '--env', 'production', '--input', 'tag=six', '--change', 'OPS-1', '--confirm-env', 'production'], env());
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/change OPS-1/);
    expect(['first-six', 'risky-six', 'last-six'].every(marker)).toBe(true);
  });

  it('--dry-run changes nothing and says so on every step', async () => {
    const r = await runCli(['run', 'cli', '--env', 'production', '--input', 'tag=seven', '--dry-run'], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/DRY RUN: nothing will be changed/);
    expect(r.stdout.match(/NOT simulated \(would run: touch/g)).toHaveLength(3);
    expect(r.stdout.match(/\[NOT simulated, /g)).toHaveLength(3); // in the plan, before anything runs
    expect(readdirSync(data).some((f) => f.endsWith('-seven'))).toBe(false);
  });

  it('--json prints the events as JSON lines', async () => {
    const r = await runCli(['run', 'cli', '--env', 'local', '--input', 'tag=eight', '--yes', '--json'], env());
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    events.forEach(expectJsonVocabulary);
    expect(events[0]).toMatchObject({ version: 1, type: 'run-started', environment: 'local', at: expect.any(String) });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
  });

  it('SIGINT without a terminal aborts the running step (its group) and exits 130', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'opsdeck.js'), 'run', 'slow', '--env', 'local'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no output: ${out}`)), 20_000);
      const check = setInterval(() => {
        if (out.includes('│ started')) {
          clearInterval(check);
          clearTimeout(t);
          resolve();
        }
      }, 50);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(130);
    expect(out).toMatch(/Run aborted/);
    expect(marker('after-slow')).toBe(false);
  });

  it('SIGTERM kills the running step group, starts nothing new and exits 130', async () => {
    const pids = join(data, 'term-pids');
    writeFileSync(join(ops, 'runbooks', 'term.yaml'), `
name: term
steps:
  - { id: tree, shell: 'echo $$ >> "${pids}"; sleep 60 & echo $! >> "${pids}"; sh -c "sleep 60 & echo \\$! >> ${pids}; wait" & echo started; wait' }
  - { id: after, run: [touch, "{{ vars.data_dir }}/after-term"] }
`);
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'opsdeck.js'), 'run', 'term', '--env', 'local'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const deadline = Date.now() + 20_000;
    while (!(out.includes('│ started') && existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length >= 3)) {
      if (Date.now() > deadline) throw new Error(`not started: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(130);
    expect(out).toMatch(/note: terminated by SIGTERM: stopping/);
    expect(out).toMatch(/Run aborted/);
    expect(marker('after-term')).toBe(false);
    const alive = (pid: number): boolean => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
      } catch {
        return false;
      }
    };
    const all = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    const until = Date.now() + 10_000;
    while (all.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(all.filter(alive)).toEqual([]);
  });
});

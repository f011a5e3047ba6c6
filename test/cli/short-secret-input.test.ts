// A secret input shorter than the redactor's minimum (MIN_SECRET_LENGTH, 4) could not be masked:
// `pw1` showed in the run's output, journal and report while the plan showed it masked. Such a
// value is refused before anything runs, and `validate` names a short secret default. Real binary.
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';

afterAll(removeTempDirs);

function opsDir(runbook: string): string {
  const ops = tempDir('opsdeck-short-secret-');
  mkdirSync(join(ops, 'profiles'));
  mkdirSync(join(ops, 'runbooks'));
  writeFileSync(join(ops, 'profiles', 'shop.yaml'), 'name: shop\nenvironments:\n  local: {}\nservices: {}\n');
  writeFileSync(join(ops, 'runbooks', 'pw.yaml'), runbook);
  return ops;
}

const RUNBOOK = `name: pw
inputs:
  - { name: pw, secret: true }
steps:
  - { id: say, shell: 'echo "pw is $OPSDECK_INPUT_PW"' }
`;

describe('a secret input shorter than 4 characters', () => {
  it('headless run refuses it (exit 2) before anything runs, saying why and what to do; 4 characters run masked', async () => {
    const ops = opsDir(RUNBOOK);
    const state = join(ops, '.state');
    const env = { OPSDECK_STATE_DIR: state, OPSDECK_DIR: ops, OPSDECK_PROFILE: 'shop' };
    const r = await runCli(['run', 'pw', '--env', 'local', '--yes', '--input', 'pw=pw1'], env);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('input "pw": a secret needs at least 4 characters (a shorter one cannot be masked in output, journal and report); use a longer value');
    expect(r.stdout + r.stderr).not.toContain('pw1');
    const runs = join(state, 'runs');
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);

    const ok = await runCli(['run', 'pw', '--env', 'local', '--yes', '--input', 'pw=pw12'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('pw is ••••••');
    expect(ok.stdout + ok.stderr).not.toContain('pw12');
  });

  it('a secret value that does not match its pattern is refused without echoing it', async () => {
    const ops = opsDir(RUNBOOK.replace('{ name: pw, secret: true }', '{ name: pw, secret: true, pattern: "[a-z]+" }'));
    const r = await runCli(['run', 'pw', '--env', 'local', '--yes', '--input', 'pw=Hunter2-value'], { OPSDECK_STATE_DIR: join(ops, '.state'), OPSDECK_DIR: ops, OPSDECK_PROFILE: 'shop' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('input "pw": "••••••" does not match the pattern [a-z]+');
    expect(r.stdout + r.stderr).not.toContain('Hunter2');
  });

  it('as a default fails validate at file:line:col', async () => {
    const ops = opsDir(`name: pw
inputs:
  - name: pw
    secret: true
    default: ab1
steps:
  - { id: say, shell: 'echo "pw is $OPSDECK_INPUT_PW"' }
`);
    const r = await runCli(['validate', '--dir', ops, '--profile', 'shop'], { OPSDECK_STATE_DIR: join(ops, '.state') });
    expect(r.code, r.stdout + r.stderr).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/pw\.yaml:5:14: .*the default of a secret input needs at least 4 characters: a shorter one cannot be masked in output, journal and report; use a longer default or none/);
  });
});

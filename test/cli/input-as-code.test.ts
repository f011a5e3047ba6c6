// Issue 9, defect 5, through the real binary: `validate` rejects an input that would become code
// (busybox sh -c, ssh's remote command, a script chosen by an input…) at file:line:col naming the
// safe way, and `run` refuses the same runbook, so `--input 'v=$(touch X)'` creates nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';

afterAll(removeTempDirs);

const STEPS: [string, string][] = [
  ['busybox', '[busybox, sh, -c, "echo {{ inputs.v }}"]'],
  ['ssh', '[ssh, -o, BatchMode=yes, db-1, ls, "{{ inputs.v }}"]'],
  ['script', '[bash, "scripts/{{ inputs.v }}.sh"]'],
  ['find', '[find, ., -maxdepth, "0", -exec, sh, -c, "echo {{ inputs.v }}", ";"]'],
  ['attached', '[python3, "-c{{ inputs.v }}"]'],
];

function opsDir(): { dir: string; state: string } {
  const dir = tempDir('opsdeck-code-ops-');
  mkdirSync(join(dir, 'profiles'));
  mkdirSync(join(dir, 'runbooks'));
  writeFileSync(join(dir, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: {}\nservices: {}\n');
  for (const [name, run] of STEPS) writeFileSync(join(dir, 'runbooks', `${name}.yaml`), `name: ${name}\nenvironments: [local]\ninputs:\n  - name: v\nsteps:\n  - id: s\n    run: ${run}\n`);
  return { dir, state: tempDir('opsdeck-code-state-') };
}

describe('an input that would become code (real binary)', () => {
  it('validate names file:line:col and the safe way for each', async () => {
    const o = opsDir();
    const r = await runCli(['validate', '--dir', o.dir], { OPSDECK_STATE_DIR: o.state });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').concat(r.stderr.split('\n')).filter((l) => l.includes('runbooks/')).map((l) => l.slice(l.indexOf('runbooks/'))).sort();
    expect(lines).toEqual([
      expect.stringMatching(/^runbooks\/attached\.yaml:7:20: input "v" would become code: it is in the script given to `python3 -c`; write the step as shell: and read it as "\$OPSDECK_INPUT_V"/),
      expect.stringMatching(/^runbooks\/busybox\.yaml:7:28: input "v" would become code: it is in the script given to `sh -c`; write the step as shell: and read it as "\$OPSDECK_INPUT_V"/),
      expect.stringMatching(/^runbooks\/find\.yaml:7:51: input "v" would become code: it is in the script given to `sh -c`/),
      expect.stringMatching(/^runbooks\/script\.yaml:7:17: input "v" would choose the script bash runs; name the script, or write the step as shell: with "\$OPSDECK_INPUT_V"/),
      expect.stringMatching(/^runbooks\/ssh\.yaml:7:45: input "v" would become code: it is in the script given to the remote shell by `ssh`/),
    ]);
  });

  it('validate: a captured output used as code is refused like an input, after the step that captures it', async () => {
    const o = opsDir();
    writeFileSync(join(o.dir, 'runbooks', 'capture.yaml'), 'name: capture\nenvironments: [local]\nsteps:\n  - id: ask\n    run: [curl, -fsS, "http://127.0.0.1:9/next"]\n    capture: next\n  - id: go\n    run: [sh, -c, "deploy {{ vars.next }}"]\n');
    const r = await runCli(['validate', '--dir', o.dir, join(o.dir, 'runbooks', 'capture.yaml')], { OPSDECK_STATE_DIR: o.state });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/runbooks\/capture\.yaml:8:19: captured output "next" \(vars\.next\) would become code: it is in the script given to `sh -c`; write the step as shell: and read it as "\$OPSDECK_VAR_NEXT"/);
  });

  it('run refuses it: the value never executes', async () => {
    const o = opsDir();
    const marker = join(o.state, 'INJECTED');
    for (const name of ['busybox', 'find']) {
      const r = await runCli(['run', name, '--dir', o.dir, '--env', 'local', '--yes', '--input', `v=$(touch ${marker})`], { OPSDECK_STATE_DIR: o.state });
      expect(r.code, r.stdout + r.stderr).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/would become code/);
      expect(existsSync(marker)).toBe(false);
    }
  });
});

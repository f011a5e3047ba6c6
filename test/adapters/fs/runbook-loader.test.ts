import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { validateRunbookFile, loadRunbookFile, loadValidProfiles } from '../../../src/adapters/fs/runbook-loader.js';
import { formatProblem } from '../../../src/domain/errors.js';
import { fileValidators } from '../../../src/adapters/fs/file-validators.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tempDir } from '../../helpers/temp-dir.js';
import { profileFrom } from '../../helpers/runbook-fixtures.js';

const ops = join(import.meta.dirname, '../../fixtures/runbooks/ops');
const report = (name: string) => validateRunbookFile(join(ops, 'runbooks', name)).map((p) => formatProblem({ ...p, file: name }));

describe('runbook validation with positions', () => {
  it('a valid runbook loads into the model', () => {
    const r = loadRunbookFile(join(ops, 'runbooks', 'good.yaml'), loadValidProfiles(ops));
    expect(r.problems).toEqual([]);
    expect(r.runbook?.steps.map((s) => [s.id, s.action.kind, s.confirm])).toEqual([['one', 'run', 'none'], ['two', 'manual', 'none'], ['three', 'service', 'typed'], ['four', 'wait_healthy', 'none']]);
    expect(r.runbook?.steps[3]!.timeoutMs).toBe(120_000);
  });

  it('reports unknown step kinds with a suggestion and bad durations', () => {
    expect(report('toast-kinds.yaml')).toEqual([
      'toast-kinds.yaml:4:5: unknown step kind or option "runn" (did you mean "run"?)',
      'toast-kinds.yaml:7:14: "timeout" not a duration (use e.g. 500ms, 2s, 1m30s, 2h)',
    ]);
  });

  it('says which values an enum or a true/false/typed field takes, in the file\'s words, with the closest one', () => {
    const dir = tempDir('opsdeck-rb-values-');
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(join(dir, 'runbooks', 'r.yaml'), 'name: r\nkind: deplyo\nsteps:\n  - id: a\n    run: [uptime]\n    confirm: maybe\n');
    expect(validateRunbookFile(join(dir, 'runbooks', 'r.yaml')).map((p) => formatProblem({ ...p, file: 'r.yaml' }))).toEqual([
      'r.yaml:2:7: "kind" must be one of: deploy, rollback, backup, restore, incident, maintenance, other; got "deplyo" (did you mean "deploy"?)',
      'r.yaml:6:14: "confirm" must be one of: true, false, typed; got string "maybe"',
    ]);
  });

  it('a file with a type error still gets its input-as-code problems (fixing the duration revealed them)', () => {
    const dir = tempDir('opsdeck-rb-typed-');
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(join(dir, 'runbooks', 'r.yaml'), 'name: r\ninputs:\n  - { name: cmd }\nsteps:\n  - id: a\n    run: ["{{ inputs.cmd }}", x]\n    timeout: forever\n  - id: b\n    run: [bash, -c, "echo {{ inputs.cmd }}"]\n');
    const problems = validateRunbookFile(join(dir, 'runbooks', 'r.yaml')).map((p) => formatProblem({ ...p, file: 'r.yaml' }));
    expect(problems).toEqual([
      'r.yaml:7:14: "timeout" not a duration (use e.g. 500ms, 2s, 1m30s, 2h)',
      expect.stringMatching(/^r\.yaml:6:11: input "cmd" would choose the program to run/),
      expect.stringMatching(/^r\.yaml:9:21: input "cmd" would become code: it is in the script given to `bash -c`/),
    ]);
  });

  it('reports structure and profile problems together, each at its line:col', () => {
    expect(report('toast-semantic.yaml')).toEqual([
      'toast-semantic.yaml:4:31: invalid regular expression: /(/: Unterminated group',
      'toast-semantic.yaml:8:19: "inputs.verison" is not a declared input (did you mean "inputs.version"?)',
      'toast-semantic.yaml:9:11: duplicate step id "a" (first used by step 1)',
      'toast-semantic.yaml:10:14: a step does exactly one thing; found shell and wait_healthy',
      'toast-semantic.yaml:10:42: shell scripts are not templated: use $OPSDECK_INPUT_NAME / $OPSDECK_VAR_NAME instead of {{ ... }}',
      'toast-semantic.yaml:2:23: environment "prod" is not in profile shop',
      'toast-semantic.yaml:5:29: unknown service "dbb" in profile shop (did you mean "db"?)',
      'toast-semantic.yaml:6:9: unknown service "cache" in profile shop',
      'toast-semantic.yaml:8:19: "vars.data_dri" is not defined in environment local (did you mean "vars.data_dir"?)',
      'toast-semantic.yaml:9:35: unknown service "apii" in profile shop (did you mean "api"?)',
      // captured by a LATER step: not defined yet where it is used
      'toast-semantic.yaml:11:19: "vars.later" is not defined in environment local',
      'toast-semantic.yaml:12:52: environment "staging" is not in profile shop',
    ]);
  });

  it('rejects inputs in the program position and in the code of interpreters, naming the safe way (issue 9, defect 5)', () => {
    const code = (how: string) => `input "v" would become code: it is in the script given to ${how}; write the step as shell: and read it as "$OPSDECK_INPUT_V" (an environment variable: data, never code)`;
    const program = 'input "v" would choose the program to run (the command position of run:); name the program, or write the step as shell: with "$OPSDECK_INPUT_V" (e.g. a case on its value), where the value is data, never code';
    expect(report('toast-code.yaml')).toEqual([
      `toast-code.yaml:5:20: ${program}`,
      `toast-code.yaml:8:11: ${program}`,
      `toast-code.yaml:10:19: ${code('`sh -c`')}`,
      `toast-code.yaml:12:31: ${code('`bash -xc`')}`,
      `toast-code.yaml:14:43: ${code('`python3 -c`')}`,
      `toast-code.yaml:16:36: ${code('`node -e`')}`,
      `toast-code.yaml:18:37: ${code('`perl -e`')}`,
      `toast-code.yaml:20:21: ${code('`ruby -e`')}`,
      `toast-code.yaml:22:17: ${code('eval')}`,
      `toast-code.yaml:26:23: ${code('`dash -c`')}`,
    ]);
  });

  it('`opsdeck validate` picks the runbook validator by folder', () => {
    const v = fileValidators.find((f) => f.folder === 'runbooks');
    expect(v?.validate(join(ops, 'runbooks', 'good.yaml'))).toEqual([]);
  });

  it('with several profiles, a runbook is valid when valid against one whose environments it names', () => {
    const a = profileFrom('name: a\nenvironments: { local: {} }\nservices: { web: {} }\n');
    const b = profileFrom('name: b\nenvironments: { local: {}, staging: {} }\nservices: { db: {} }\n');
    const dir = tempDir();
    mkdirSync(join(dir, 'runbooks'));
    const file = join(dir, 'runbooks', 'x.yaml');
    writeFileSync(file, 'name: x\nenvironments: [staging]\nsteps:\n  - { id: s, wait_healthy: [db] }\n');
    expect(loadRunbookFile(file, [a, b]).problems).toEqual([]);
    writeFileSync(file, 'name: x\nenvironments: [staging]\nsteps:\n  - { id: s, wait_healthy: [web] }\n');
    // Only b names staging, and b has no "web": the problem is reported against b.
    expect(loadRunbookFile(file, [a, b]).problems.map((p) => p.message)).toEqual(['unknown service "web" in profile b (did you mean "db"?)']);
  });
});

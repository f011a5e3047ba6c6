// Config mistakes read as what is wrong and where: a missing key names what lacks it, a wrong
// kind says what was found, an argv rollback is the shorthand `run:` takes, and a nesting deep
// enough to exhaust the parser's stack is one clear problem, never "Maximum call stack size".
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../../src/adapters/fs/yaml-source.js';
import { validateRunbookData } from '../../../src/domain/runbook/validate-runbook.js';
import { validateProfileData } from '../../../src/domain/profile/validate-profile.js';
import { formatProblem } from '../../../src/domain/errors.js';

function problems(text: string, kind: 'runbook' | 'profile' = 'runbook'): string[] {
  const src = parseYamlSource('f.yaml', text);
  if (src.syntaxProblems.length) return src.syntaxProblems.map(formatProblem);
  const r = kind === 'runbook' ? validateRunbookData(src.data) : validateProfileData(src.data);
  return r.problems.map(src.locate).map(formatProblem);
}

const step = (extra: string) => `name: a\nsteps:\n  - id: x\n    run: [echo]\n${extra}`;

describe('config messages', () => {
  it('accepts `rollback: [rm, -f, X]` as the argv shorthand of { run: [...] }', () => {
    const src = parseYamlSource('f.yaml', step('    rollback: [rm, -f, X]\n'));
    const r = validateRunbookData(src.data);
    expect(r.problems).toEqual([]);
    expect(r.file!.steps[0]!.rollback).toEqual({ run: ['rm', '-f', 'X'] });
  });

  it.each([
    [step('    rollback: 5\n'), 'f.yaml:5:15: "rollback" must be a list or a mapping, got number 5'],
    [step('    rollback: { run: [rm], bogus: 1 }\n'), 'f.yaml:5:28: unknown step kind or option "bogus" (expected one of: title, run, shell, manual, service, wait_healthy, timeout, host, cwd, env)'],
    ['name: a\nsteps:\n  - run: [echo]\n', 'f.yaml:3:5: steps[0] needs "id"'],
    ['name: a\nsteps: 3\n', 'f.yaml:2:8: "steps" must be a list, got number 3'],
    ['steps:\n  - id: x\n    run: [echo]\n', 'f.yaml:1:1: the file needs "name"'],
  ])('%j → %s', (text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  it('profile: a wrong kind names what it found', () => {
    expect(problems('name: p\nenvironments: {local: {}}\nservices:\n  a: { process: { command: 5 } }\n', 'profile')).toEqual(['f.yaml:4:28: "command" must be a list, got number 5']);
    expect(problems('name: p\nenvironments: {local: {}}\nservices:\n  a: { process: { cwd: x } }\n', 'profile')).toEqual(['f.yaml:4:17: services.a.process needs "command"']);
  });

  it.each([
    ['5,000 nested flow lists', `a: ${'['.repeat(5000)}`, 'f.yaml:1:67:'],
    ['100 nested flow lists, closed', `a: ${'['.repeat(100)}${']'.repeat(100)}\n`, 'f.yaml:1:67:'],
    ['3,000 nested mappings', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), 'f.yaml:'],
  ])('%s: one problem with a position, not a stack overflow', (_what, text, at) => {
    const got = problems(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(at);
    expect(got[0]).toMatch(/nested too deeply \(more than 64 levels\): profiles and runbooks need only a few$/);
  });
});

import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { loadProfileFile } from '../../../src/adapters/fs/profile-loader.js';
import { formatProblem } from '../../../src/domain/errors.js';

const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/profiles', name);
const report = (name: string) => loadProfileFile(fixture(name)).problems.map((p) => formatProblem({ ...p, file: name }));

describe('profile loader positions', () => {
  it('reports unknown keys with a suggestion, unknown dependencies and bad durations, each at its line:col', () => {
    expect(report('toast-typos.yaml')).toEqual([
      'toast-typos.yaml:6:5: unknown key "descripton" (did you mean "description"?)',
      'toast-typos.yaml:10:64: "max_latency" not a duration (use e.g. 500ms, 2s, 1m30s, 2h)',
      'toast-typos.yaml:8:22: unknown service "cache" in depends_on',
    ]);
  });

  it('names the whole dependency cycle', () => {
    expect(report('toast-cycle.yaml')).toEqual(['toast-cycle.yaml:5:20: dependency cycle: a -> b -> c -> a']);
  });

  it('reports YAML syntax errors with a position', () => {
    const problems = report('toast-syntax.yaml');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^toast-syntax\.yaml:\d+:\d+: /);
  });

  it('reports duplicate names', () => {
    expect(report('toast-duplicate.yaml')).toEqual([expect.stringMatching(/^toast-duplicate\.yaml:6:3: duplicate key/)]);
  });

  it('reports every repeated key, nested ones too, each at the repeat, in file order', () => {
    expect(report('toast-duplicate-nested.yaml')).toEqual([
      'toast-duplicate-nested.yaml:7:5: duplicate key: names must be unique',
      'toast-duplicate-nested.yaml:9:3: duplicate key: names must be unique',
    ]);
  });
});

describe('relative path vars', () => {
  it('resolve against the ops dir (the parent of profiles/), whatever the current directory', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const ops = mkdtempSync(join(tmpdir(), 'opsdeck-pathvars-'));
    try {
      mkdirSync(join(ops, 'profiles'));
      writeFileSync(join(ops, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: { vars: { data_dir: .data/local, url: "http://x/y", out: ./out } }\nservices: {}\n');
      const vars = loadProfileFile(join(ops, 'profiles', 'p.yaml')).profile!.environments.local!.vars;
      expect(vars).toEqual({ data_dir: join(ops, '.data/local'), url: 'http://x/y', out: join(ops, 'out') });
    } finally {
      rmSync(ops, { recursive: true, force: true });
    }
  });
});

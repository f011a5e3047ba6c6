// ESLint over the tree (eslint.config.js: typescript-eslint recommended, React hooks, no console
// or stdout writes inside src/ui). A failure lists every problem as file:line:col, one a line.
import { describe, expect, it } from 'vitest';
import { relative, resolve } from 'node:path';
import { ESLint } from 'eslint';

const root = resolve(import.meta.dirname, '..', '..');

describe('eslint', () => {
  it('finds no problem in src/, test/ and bench/', async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(['src', 'test', 'bench']);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${relative(root, r.filePath)}:${m.line ?? 0}:${m.column ?? 0}  ${m.message}${m.ruleId ? `  (${m.ruleId})` : ''}`),
    );
    expect(problems, `eslint (npm run lint):\n${problems.join('\n')}`).toEqual([]);
    // It looked at the tree, not at nothing.
    expect(results.length).toBeGreaterThan(300);
  }, 180_000);
});

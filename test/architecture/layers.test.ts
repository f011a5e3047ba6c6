// The import directions of ARCHITECTURE.md (domain < ports < adapters < state < services < ui <
// cli, a pure domain, no Ink in headless commands), checked by dependency-cruiser with the rules in
// .dependency-cruiser.cjs. A failure lists each offending import with the rule and its reason.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = resolve(import.meta.dirname, '..', '..');
const config = createRequire(import.meta.url)(resolve(root, '.dependency-cruiser.cjs')) as IConfiguration;

describe('layers', () => {
  it('every import in src/ points down the layers, and the domain imports no library or node I/O', async () => {
    const { output } = await cruise(['src'], { ...config.options, baseDir: root, validate: true, ruleSet: config }, undefined, {
      tsConfig: extractTSConfig(resolve(root, 'tsconfig.json')),
    });
    const { summary } = output as ICruiseResult;
    const rules = new Map((config.forbidden ?? []).map((r) => [r.name, r.comment]));
    const violations = summary.violations.map((v) => `${v.from} → ${v.to}  [${v.rule.name}] ${rules.get(v.rule.name) ?? ''}`);
    expect(violations, `imports that point the wrong way:\n${violations.join('\n')}`).toEqual([]);
    // The check ran over the tree, not over nothing.
    expect(summary.totalCruised).toBeGreaterThan(200);
  });
});

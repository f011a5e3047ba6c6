// `validate` through the real binary (tester report #7, #8): a list element of the wrong type is
// named by its list and index (`command[0]`, not a bare "0" that reads like the value), and the
// "did you mean" for an unknown name in depends_on never offers the service itself.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';

afterAll(removeTempDirs);

function opsWith(profile: string): string {
  const ops = tempDir('opsdeck-validate-msg-');
  mkdirSync(join(ops, 'profiles'));
  writeFileSync(join(ops, 'profiles', 'shop.yaml'), profile);
  return ops;
}

describe('validate messages', () => {
  it('a non-string argv element: its list and index, the position, and how to fix it', async () => {
    const ops = opsWith('name: shop\nenvironments:\n  local: {}\nservices:\n  api:\n    health:\n      - command: [true]\n');
    const r = await runCli(['validate', '--dir', ops], { OPSDECK_STATE_DIR: join(ops, '.state') });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/shop\.yaml:7:19: command\[0\] must be a string, got boolean true \(quote it: "true"\)/);
    expect(r.stdout + r.stderr).not.toMatch(/"0" must/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown name in depends_on: the guess is never the service itself', async () => {
    const ops = opsWith('name: shop\nenvironments:\n  local: {}\nservices:\n  a:\n    depends_on: [zz]\n  b:\n    depends_on: [aa]\n');
    const r = await runCli(['validate', '--dir', ops], { OPSDECK_STATE_DIR: join(ops, '.state') });
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/shop\.yaml:6:18: unknown service "zz" in depends_on \(did you mean "b"\?\)/);
    // Another service still is a guess.
    expect(out).toMatch(/unknown service "aa" in depends_on \(did you mean "a"\?\)/);
  });
});

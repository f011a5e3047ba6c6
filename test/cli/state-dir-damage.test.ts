// A damaged state dir names the file and what is wrong with it (exit 2), never "internal error"
// (exit 70) with a crash log.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('a damaged state dir', () => {
  it.each([
    ['history', ['history']],
    ['a dry run', ['run', 'backup', '--env', 'local', '--dry-run', '--yes']],
  ])('%s: a file where runs/ should be is named, with the way out', async (_what, args) => {
    const state = tempDir();
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'runs'), 'not a folder\n');
    const r = await runCli(args, { OPSDECK_STATE_DIR: state, OPSDECK_DIR: join(import.meta.dirname, '..', '..') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`opsdeck: cannot use ${join(state, 'runs')}: `);
    expect(r.stderr).toContain(`hint: it is in opsdeck's state dir (${state}): move the damaged entry aside`);
    expect(r.stderr).not.toContain('internal error');
    expect(existsSync(join(state, 'crash'))).toBe(false);
  });
});

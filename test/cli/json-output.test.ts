// One JSON vocabulary for every --json (cli/json-output.ts), and --json refused, not ignored, by
// the commands that have no JSON output. The real binary, on the shipped demo ops dir.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli/command-table.js';
import { ensureBuilt, REPO, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { expectJsonVocabulary, vocabularyProblems } from '../helpers/json-vocabulary.js';

const env = () => ({ OPSDECK_STATE_DIR: join(tempDir(), 'state'), OPSDECK_DIR: REPO });

beforeAll(() => ensureBuilt());

describe('--json', () => {
  it.each([['attach'], ['show', 'RUN'], ['resume'], ['unlock', '--env', 'local', '--force'], ['mask'], []])(
    'is an error (exit 2, naming the commands that have it) on `opsdeck %s`',
    async (...args: string[]) => {
      const r = await runCli([...args, '--json'], env());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${args[0] ?? 'opsdeck'} has no JSON output (--json)`);
      expect(r.stderr).toContain(`commands with --json: ${COMMANDS.filter((c) => c.json).map((c) => c.name).join(', ')}`);
      expect(r.stderr).toContain('status, start, stop, restart, logs, validate, run, history, audit');
      expect(r.stdout).toBe('');
    },
  );

  it('every command the table marks json accepts --json', async () => {
    for (const c of COMMANDS.filter((c) => c.json)) {
      const r = await runCli([c.name, '--json', '--help'], env());
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(0);
    }
  });

  it('validate and audit verify answer in the vocabulary', async () => {
    const v = await runCli(['validate', '--json'], env());
    expect(v.code, v.stderr).toBe(0);
    const valid = JSON.parse(v.stdout);
    expectJsonVocabulary(valid);
    expect(valid).toMatchObject({ version: 1, valid: true, problems: [] });
    const a = await runCli(['audit', 'verify', '--json'], env());
    expect(a.code, a.stderr).toBe(0);
    const audit = JSON.parse(a.stdout);
    expectJsonVocabulary(audit);
    expect(audit).toMatchObject({ version: 1, ok: true, entries: 0 });
  });

  it('the vocabulary check catches each kind of slip', () => {
    expect(vocabularyProblems({ version: 1, environment: 'local', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 12 })).toEqual([]);
    expect(vocabularyProblems({ profile: 'x' })).toEqual(['"version": 1 is not the first key']);
    expect(vocabularyProblems({ version: 1, env: 'local' })).toEqual(['$.env: use environment / …At (ISO) / …Ms (integer)']);
    expect(vocabularyProblems({ version: 1, runs: [{ startedAt: 1764547200000 }] })).toEqual(['$.runs[0].startedAt: 1764547200000 is not an ISO-8601 UTC time']);
    expect(vocabularyProblems({ version: 1, durationMs: 1.5 })).toEqual(['$.durationMs: 1.5 is not integer milliseconds']);
    expect(vocabularyProblems({ version: 1, dry_run: true })).toEqual(['$.dry_run: not camelCase']);
  });
});

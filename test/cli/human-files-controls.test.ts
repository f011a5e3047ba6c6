// Files opsdeck writes for people to read (a run's report.md, a postmortem draft) are cat'ed on a
// terminal: control sequences from step output and inputs are shown as caret notation (`^[`),
// never written raw for the terminal to obey.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli } from '../helpers/run-cli.js';
import { runFixture } from '../helpers/run-fixture.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

/** ESC, BEL and every other C0/C1 control except tab and newline. */
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('files written for humans hold no raw control character', () => {
  it("a run's report.md shows the step output's escape sequences as ^[ and ^G", async () => {
    const runbook = [
      'name: noisy',
      'title: noisy output',
      'steps:',
      '  - id: paint',
      // The shell's printf turns the octal escapes into ESC and BEL on the step's stdout.
      "    shell: \"printf 'esc:\\\\033[2J\\\\033[31mRED\\\\033]0;pwned\\\\007 end\\\\n'\"",
      '',
    ].join('\n');
    const fx = runFixture({ noisy: runbook });
    const r = await runCli(['run', 'noisy', '--env', 'local', '--yes'], fx.env);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const [runId] = readdirSync(join(fx.stateDir, 'runs'));
    const report = readFileSync(join(fx.stateDir, 'runs', runId!, 'report.md'), 'utf8');
    expect(report).toContain('esc:^[[2J^[[31mRED^[]0;pwned^G end');
    expect(report).not.toMatch(RAW_CONTROL);
    // The journal keeps the bytes as they came (JSON escapes them).
    expect(readFileSync(join(fx.stateDir, 'runs', runId!, 'journal.jsonl'), 'utf8')).toContain('\\u001b[2J');
  }, 60_000);

  it('a postmortem draft shows an incident title with escape sequences and BEL as ^[ and ^G', async () => {
    const dir = tempDir('opsdeck-pm-controls-');
    mkdirSync(join(dir, 'profiles'));
    writeFileSync(join(dir, 'profiles', 'p.yaml'), 'name: p\nenvironments: { local: {} }\nservices:\n  api: {}\n');
    const env = { OPSDECK_DIR: dir, OPSDECK_STATE_DIR: join(dir, '.state'), OPSDECK_PROFILE: 'p' };
    const start = await runCli(['incident', 'start', '--severity', 'P2', '--title', 'db \x1b[2J\x1b[31mred \x07bell', '--service', 'api'], env);
    expect(start.code, start.stderr).toBe(0);
    const note = await runCli(['incident', 'note', 'saw \x1b]0;pwned\x07 in the title bar'], env);
    expect(note.code, note.stderr).toBe(0);
    const out = join(dir, 'pm.md');
    const exp = await runCli(['incident', 'export', 'INC-1', '-o', out], env);
    expect(exp.code, exp.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('db ^[[2J^[[31mred ^Gbell');
    expect(md).toContain('saw ^[]0;pwned^G in the title bar');
    expect(md).not.toMatch(RAW_CONTROL);
  }, 60_000);
});

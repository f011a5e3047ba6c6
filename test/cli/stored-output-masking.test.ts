// Files an older opsdeck wrote before it masked at write (a process service's captured output, a
// run's journal and report) can hold raw secrets: every reader that prints them masks on read
// too — `opsdeck logs`, `opsdeck show`, the console's log feed and report viewer. And
// `opsdeck mask`, a filter whose output someone will cat, passes no terminal control raw.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO, runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { appendEvent, writePastRun } from '../helpers/past-runs.js';
import { processProfile, waitFor } from '../helpers/process-services.js';
import { createRunbookDesk } from '../../src/services/runs/runbook-desk.js';
import { openLogFeed } from '../../src/services/logs/log-feed.js';

afterAll(removeTempDirs);

const SECRET = 'pw-Old-Unmasked-4711';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.raw-bearer';
const KEY_BODY = 'MIIEowIBAAKCAQEAraw0key0body0line';
/** What an older opsdeck let through: a declared secret, an Authorization header, a key block. */
const RAW_LINES = [`connecting with ${SECRET}`, `"Authorization": "Bearer ${BEARER}"`, '-----BEGIN RSA PRIVATE KEY-----', KEY_BODY, '-----END RSA PRIVATE KEY-----'];

function expectMasked(text: string): void {
  expect(text).toContain('••••••');
  for (const raw of [SECRET, BEARER, KEY_BODY]) expect(text).not.toContain(raw);
}

/** An ops dir with profile `old` declaring SHOP_PASSWORD and a process service `api`. */
function oldOpsDir() {
  const ops = tempDir();
  const state = join(ops, '.state');
  mkdirSync(join(ops, 'profiles'), { recursive: true });
  mkdirSync(join(ops, 'runbooks'), { recursive: true });
  writeFileSync(join(ops, 'profiles', 'old.yaml'), 'name: old\nenvironments:\n  local: {}\nsecrets: [SHOP_PASSWORD]\nservices:\n  api:\n    process:\n      command: [sleep, "1000"]\n');
  const env = { OPSDECK_DIR: ops, OPSDECK_PROFILE: 'old', OPSDECK_STATE_DIR: state, SHOP_PASSWORD: SECRET, NO_COLOR: '1' };
  return { ops, state, env };
}

/** An unfinished run of profile `old` whose journal (and report, once finished) hold the raw lines. */
function oldRun(state: string): string {
  const { runId, journal, dir } = writePastRun(state, { profile: 'old', outcome: 'unfinished' });
  for (const line of RAW_LINES) appendEvent(journal, { type: 'step-output', at: Date.now(), stepId: 'a', phase: 'main', stream: 'stdout', line });
  appendEvent(journal, { type: 'step-finished', at: Date.now(), stepId: 'a', phase: 'main', attempt: 1, outcome: 'failed', exitCode: 1, durationMs: 1, tail: RAW_LINES, error: `login refused for ${SECRET}` });
  writeFileSync(join(dir, 'report.md'), `# deploy — succeeded\n\n\`\`\`\n${RAW_LINES.join('\n')}\n\`\`\`\n`);
  return runId;
}

describe('stored output is masked on read', () => {
  it('opsdeck logs: a process service output file written unmasked', async () => {
    const { state, env } = oldOpsDir();
    const file = join(state, 'services', 'old', 'local', 'api.log');
    mkdirSync(join(state, 'services', 'old', 'local'), { recursive: true });
    writeFileSync(file, RAW_LINES.join('\n') + '\n');
    const r = await runCli(['logs', 'api'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('connecting with ••••••');
    expectMasked(r.stdout);
  });

  it('the console log feed: the same file', async () => {
    const { ops, state, env } = oldOpsDir();
    mkdirSync(join(state, 'services', 'lc', 'local'), { recursive: true });
    writeFileSync(join(state, 'services', 'lc', 'local', 'api.log'), RAW_LINES.join('\n') + '\n');
    const profile = { ...processProfile(ops, { api: { process: { command: ['sleep', '1000'] } } }), secrets: ['SHOP_PASSWORD'] };
    // A process service's output file is found in the state dir of the console's environment.
    const saved = process.env.OPSDECK_STATE_DIR;
    process.env.OPSDECK_STATE_DIR = state;
    const feed = openLogFeed(profile, 'local', ['api'], { env: { ...process.env, ...env } });
    try {
      const lines = await waitFor('the file lines', () => {
        const all = feed.store.getState().buffersFor(['api']).flatMap((b) => b.toArray().map((l) => l.text));
        return all.length >= RAW_LINES.length && all;
      });
      expect(lines[0]).toBe('connecting with ••••••');
      expectMasked(lines.join('\n'));
    } finally {
      feed.close();
      process.env.OPSDECK_STATE_DIR = saved;
    }
  });

  it('opsdeck show: an unfinished run rebuilt from its journal, and a finished run\'s report', async () => {
    const { state, env } = oldOpsDir();
    const runId = oldRun(state);
    const unfinished = await runCli(['show', runId], env);
    expect(unfinished.code, unfinished.stderr).toBe(0);
    expectMasked(unfinished.stdout);
    const journal = join(state, 'runs', runId, 'journal.jsonl');
    appendEvent(journal, { type: 'run-finished', at: Date.now(), outcome: 'failed', rolledBack: false, durationMs: 1 });
    const finished = await runCli(['show', runId], env);
    expect(finished.stdout).toContain('# deploy — succeeded');
    expectMasked(finished.stdout);
  });

  it('the console report viewer (the desk\'s run text): report and journal', () => {
    const { ops, state, env } = oldOpsDir();
    const runId = oldRun(state);
    const profile = { ...processProfile(ops, {}), secrets: ['SHOP_PASSWORD'] };
    const desk = createRunbookDesk({ root: ops, profile, environment: () => profile.environments.local!, env: { ...process.env, ...env } });
    try {
      expectMasked(desk.runText(runId));
      rmSync(join(state, 'runs', runId, 'report.md'));
      expectMasked(desk.runText(runId));
    } finally {
      void desk.dispose();
    }
  });
});

describe('opsdeck mask', () => {
  it('shows terminal controls as text, masks secrets, keeps tabs and line breaks', () => {
    const { env } = oldOpsDir();
    const input = `title \x1b]0;pwned\x07 clear \x1b[2J c1 \u009b31m\nA=${SECRET}\tB\r\n${RAW_LINES.slice(1).join('\n')}\n`;
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'opsdeck.js'), 'mask'], { input, env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\x1b\x07\u009b]/);
    expect(r.stdout.split('\n')[0]).toBe('title ^[]0;pwned^G clear ^[[2J c1 M-^[31m');
    expect(r.stdout.split('\n')[1]).toBe('A=••••••\tB');
    expectMasked(r.stdout);
  });
});

// Abort and timeout kill the step's whole process group: children, grandchildren, and a
// grandchild that ignores SIGTERM (SIGKILL after the grace period). Checked through /proc.
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { executeStep, shellArgv, groupAlive } from '../../../src/adapters/process/step-executor.js';
import { createRedactor } from '../../../src/domain/text/redaction.js';
import { profileFrom, runbookFrom, PROFILE_YAML } from '../../helpers/runbook-fixtures.js';
import { makeRunner, ScriptedConfirmer } from '../../helpers/runner-kit.js';

afterAll(removeTempDirs);

/** Running (not zombie) processes whose process group is `pgid`. */
function membersOf(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

// Leader → child sleep, → subshell → grandchild sleep, → grandchild ignoring SIGTERM; all pids written.
const tree = (pids: string): string => `
echo $$ >> "${pids}"
sleep 300 & echo $! >> "${pids}"
sh -c 'sleep 300 & echo $! >> "${pids}"; trap "" TERM; sh -c "trap \\"\\" TERM; echo \\$\\$ >> ${pids}; while :; do sleep 1; done" & echo $! >> "${pids}"; wait' &
wait`;

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleepLines = (file: string): number[] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);

describe('step executor process groups', () => {
  it('abort kills children and grandchildren, including one that ignores SIGTERM', async () => {
    const dir = tempDir();
    const pids = join(dir, 'pids');
    const ctl = new AbortController();
    const lines: string[] = [];
    const p = executeStep({ argv: shellArgv(tree(pids)), cwd: dir, env: {}, signal: ctl.signal, graceMs: 500, onLine: (_s, l) => lines.push(l) });
    await waitFor(() => sleepLines(pids).length >= 5);
    const all = sleepLines(pids);
    const pgid = all[0]!;
    expect(membersOf(pgid).length).toBeGreaterThanOrEqual(5);
    ctl.abort();
    const r = await p;
    expect(r).toMatchObject({ aborted: true, failed: true, timedOut: false });
    await waitFor(() => membersOf(pgid).length === 0);
    for (const pid of all) expect(running(pid)).toBe(false);
    // Dead members stay zombies until init reaps them (every ~2 s here): then the group is gone.
    await waitFor(() => !groupAlive(pgid));
  });

  it('timeout kills the whole group and reports timedOut', async () => {
    const dir = tempDir();
    const pids = join(dir, 'pids');
    const r = await executeStep({ argv: shellArgv(tree(pids)), cwd: dir, env: {}, timeoutMs: 700, graceMs: 300 });
    expect(r).toMatchObject({ timedOut: true, failed: true });
    const all = sleepLines(pids);
    await waitFor(() => all.every((pid) => !running(pid)));
  });

  it('streams output line by line, masked, with a uniform result', async () => {
    const lines: string[] = [];
    const r = await executeStep({
      argv: ['node', '-e', "process.stdout.write('one\\ntwo API_TOKEN=abc123\\nthr'); setTimeout(() => { process.stdout.write('ee\\n'); console.error('err line'); process.exit(3); }, 50)"],
      cwd: tempDir(), env: {}, onLine: (s, l) => lines.push(`${s}:${l}`), redactor: { redact: (t) => t.replace(/abc123/g, '••••'), longestSecret: 6 },
    });
    expect(lines).toEqual(['stdout:one', 'stdout:two API_TOKEN=••••', 'stdout:three', 'stderr:err line']);
    expect(r).toMatchObject({ exitCode: 3, failed: true, timedOut: false, aborted: false, error: 'exit code 3' });
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it('masks a private key a step prints over several lines (and written in two parts)', async () => {
    const lines: string[] = [];
    const r = await executeStep({
      argv: ['node', '-e', "process.stdout.write('-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1r'); setTimeout(() => process.stdout.write('ZXktdjE=\\nAAAABG5vbmU=\\n-----END OPENSSH PRIVATE KEY-----\\ndone\\n'), 50)"],
      cwd: tempDir(), env: {}, onLine: (_s, l) => lines.push(l), redactor: createRedactor(),
    });
    expect(r.exitCode).toBe(0);
    expect(lines.join('\n')).not.toMatch(/b3Bl|AAAA|ZXkt/);
    expect(lines.at(-1)).toBe('done');
    expect(r.tail.join('\n')).not.toMatch(/b3Bl|AAAA/);
  });

  it('a missing program fails cleanly with a message', async () => {
    const r = await executeStep({ argv: ['/nonexistent/program-xyz'], cwd: tempDir(), env: {} });
    expect(r.failed).toBe(true);
    expect(r.error).toMatch(/ENOENT|not found|nonexistent/);
  });
});

describe('Ctrl-C during a step', () => {
  it('asks, then aborts the step group; the run ends aborted (exit 130 class)', async () => {
    const dir = tempDir();
    const pids = join(dir, 'pids');
    const profile = profileFrom(PROFILE_YAML, dir);
    const rb = runbookFrom(`
name: abort
steps:
  - id: tree
    shell: |${tree(pids).split('\n').map((l) => '\n      ' + l).join('')}
  - { id: never, run: [touch, "${dir}/never"] }
`, profile);
    const confirmer = new ScriptedConfirmer((r) => ({ choice: r.purpose === 'abort' ? 'abort' : 'yes' }));
    const { runner } = makeRunner(rb, profile, 'local', {}, { confirmer });
    const done = runner.run();
    await waitFor(() => sleepLines(pids).length >= 5);
    const all = sleepLines(pids);
    await runner.interrupt();
    const s = await done;
    expect(confirmer.asked.map((r) => r.purpose)).toEqual(['abort']);
    expect(s.outcome).toBe('aborted');
    expect(s.steps.tree!.status).toBe('aborted');
    expect(existsSync(join(dir, 'never'))).toBe(false);
    await waitFor(() => membersOf(all[0]!).length === 0 && all.every((pid) => !running(pid)));
  });
});

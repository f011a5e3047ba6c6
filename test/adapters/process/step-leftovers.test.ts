// A step ends when its process exits, whatever it left holding the output pipe; timeout and
// abort end every process it started, also those that left its group and session (setsid,
// double fork) and those that ignore SIGTERM. "Left" is checked the moment the step returns.
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { executeStep, shellArgv, MAX_LINE_CHARS } from '../../../src/adapters/process/step-executor.js';
import { isLive, procInfo } from '../../../src/adapters/system/proc-info.js';

afterAll(removeTempDirs);

const pidsIn = (file: string): number[] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);
const running = (pid: number): boolean => isLive(procInfo(pid));

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

// Each shape records the pids that must not survive a timeout or an abort.
const shapes = (pids: string): Record<string, { script: string; count: number }> => ({
  daemonising: { script: `setsid sleep 300 >/dev/null 2>&1 & echo $! >> "${pids}"; setsid sh -c 'echo $$ >> "${pids}"; exec sleep 300' & echo launched; sleep 300`, count: 2 },
  'double-forking': { script: `sh -c '(sh -c "echo \\$\\$ >> ${pids}; exec sleep 300" &) ; exit 0'; echo forked; sleep 300`, count: 1 },
  'TERM-ignoring in a new session': { script: `setsid sh -c 'trap "" TERM; echo $$ >> "${pids}"; while :; do sleep 0.2; done' & trap "" TERM; echo $$ >> "${pids}"; while :; do sleep 0.2; done`, count: 2 },
});

describe.runIf(process.platform === 'linux')('step leftovers', () => {
  it('a timeout sends each process one SIGTERM: the step\'s cleanup trap runs once (the group and the marker each sent one)', async () => {
    const dir = tempDir();
    const traps = join(dir, 'traps');
    const pids = join(dir, 'pids');
    const script = `trap 'echo leader >> "${traps}"; sleep 0.5; exit 0' TERM; sleep 300 & setsid sh -c 'trap "echo setsid >> ${traps}; exit 0" TERM; echo $$ >> "${pids}"; while :; do sleep 0.1; done' & echo started; wait`;
    const r = await executeStep({ argv: shellArgv(script), cwd: dir, env: {}, timeoutMs: 1000, graceMs: 3000 });
    expect(r.timedOut).toBe(true);
    expect(readFileSync(traps, 'utf8').trim().split('\n').sort()).toEqual(['leader', 'setsid']);
    expect(pidsIn(pids).filter(running)).toEqual([]);
  });

  it('a step that starts a setsid daemon and exits ends at once; its pipe holder is not waited on', async () => {
    const dir = tempDir();
    const pids = join(dir, 'pids');
    const r = await executeStep({ argv: shellArgv(`setsid sh -c 'echo $$ >> "${pids}"; exec sleep 30' & echo launched`), cwd: dir, env: {}, timeoutMs: 20_000, graceMs: 200 });
    expect(r).toMatchObject({ exitCode: 0, failed: false, timedOut: false });
    expect(r.tail).toContain('launched');
    await waitFor(() => pidsIn(pids).length === 1);
    // Returned while the daemon still runs (it holds stdout open): the old runner waited 30 s.
    expect(running(pidsIn(pids)[0]!)).toBe(true);
    process.kill(pidsIn(pids)[0]!, 'SIGKILL');
  });

  for (const end of ['timeout', 'abort'] as const) {
    for (const [name] of Object.entries(shapes(''))) {
      it(`${end} ends a ${name} step and every process it started`, async () => {
        const dir = tempDir();
        const pids = join(dir, 'pids');
        const shape = shapes(pids)[name]!;
        const ctl = new AbortController();
        const p = executeStep({ argv: shellArgv(shape.script), cwd: dir, env: {}, graceMs: 300, signal: ctl.signal, timeoutMs: end === 'timeout' ? 1500 : undefined });
        await waitFor(() => pidsIn(pids).length >= shape.count);
        if (end === 'abort') ctl.abort();
        const r = await p;
        expect(r).toMatchObject(end === 'timeout' ? { timedOut: true, failed: true } : { aborted: true, failed: true });
        expect(r.leftovers).toBe(0);
        const all = pidsIn(pids);
        expect(all.length).toBeGreaterThanOrEqual(shape.count);
        expect(all.filter(running)).toEqual([]);
      });
    }
  }

  it('cuts an endless line, says so, and keeps going', async () => {
    const lines: string[] = [];
    const r = await executeStep({
      argv: ['node', '-e', `const b = 'x'.repeat(1 << 20); for (let i = 0; i < 8; i++) process.stdout.write(b); process.stdout.write('\\nafter\\n')`],
      cwd: tempDir(), env: {}, onLine: (_s, l) => lines.push(l),
    });
    expect(r.exitCode).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.length).toBeLessThan(MAX_LINE_CHARS + 200);
    expect(lines[0]).toMatch(/x{100} \[opsdeck: line cut at 16384 characters; the rest of it is dropped\]$/);
    expect(lines[1]).toBe('after');
  });
});

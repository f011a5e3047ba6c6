import { describe, it, expect } from 'vitest';
import { CommandLogSource } from '../../../src/adapters/logs/command-log-source.js';
import { collect, waitFor } from './collect.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('CommandLogSource', () => {
  it('restarts a command that exits, with its stderr reported as the error and not as log lines', async () => {
    const script = 'console.log("run " + process.pid); console.error("warning from stderr"); setTimeout(() => process.exit(3), 100)';
    const c = collect(new CommandLogSource({ service: 'api', command: [process.execPath, '-e', script], backoffMs: 100 }));
    await waitFor(() => c.lines.length >= 3, 'three runs', 15_000);
    c.abort.abort();
    expect(c.lines.every((l) => /^run \d+$/.test(l))).toBe(true);
    expect(new Set(c.lines).size).toBe(c.lines.length); // a new process each time
    expect(c.errors).toContain('warning from stderr');
    expect(c.errors.some((e) => /exited with code 3; restarting in/.test(e))).toBe(true);
    expect(c.lines.join('\n')).not.toContain('stderr');
  });

  it('kills its whole process group on abort', async () => {
    // The command starts a grandchild that would outlive a plain kill of the leader.
    const script = `const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('grandchild ' + g.pid); setInterval(() => console.log('tick'), 50);`;
    const c = collect(new CommandLogSource({ service: 'api', command: [process.execPath, '-e', script] }));
    await waitFor(() => c.lines.some((l) => l.startsWith('grandchild ')), 'grandchild pid');
    const pid = Number(c.lines.find((l) => l.startsWith('grandchild '))!.split(' ')[1]);
    expect(alive(pid)).toBe(true);
    c.abort.abort();
    await waitFor(() => !alive(pid), 'grandchild gone', 5000);
  });

  it('reports a missing command as an error, and runs once without follow', async () => {
    const missing = collect(new CommandLogSource({ service: 'api', command: ['opsdeck-no-such-command-xyz'], follow: false }));
    await waitFor(() => missing.statuses.some((s) => s.startsWith('ended')), 'end');
    expect(missing.errors.join('\n')).toMatch(/cannot run `opsdeck-no-such-command-xyz`: command not found/);
    const once = collect(new CommandLogSource({ service: 'api', command: ['printf', 'a\\nb\\n'], follow: false }));
    await waitFor(() => once.statuses.some((s) => s.startsWith('ended')), 'end');
    expect(once.lines).toEqual(['a', 'b']);
  });
});

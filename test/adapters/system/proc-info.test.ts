import { describe, expect, it } from 'vitest';
import { parseProcStat, procInfo, isSameProcess } from '../../../src/adapters/system/proc-info.js';

describe('proc-info', () => {
  it('parses /proc/PID/stat even when the command name has spaces and parentheses', () => {
    const fields = ['S', '1', '4242', '4242', ...Array.from({ length: 15 }, (_, i) => String(i)), '987654'];
    const info = parseProcStat(4242, `4242 (weird) name (x)) ${fields.join(' ')} 0 0`);
    expect(info).toEqual({ pid: 4242, state: 'S', ppid: 1, pgrp: 4242, session: 4242, startTime: 987654 });
  });

  it('reads this process, and tells it apart from a recycled pid by start time', () => {
    const me = procInfo(process.pid)!;
    expect(me.pid).toBe(process.pid);
    expect(me.startTime).toBeGreaterThan(0);
    expect(isSameProcess(process.pid, me.startTime)).toBe(true);
    expect(isSameProcess(process.pid, me.startTime + 1)).toBe(false);
  });
});

// maintenance.jsonl keeps every ad-hoc window ever opened; what may still be open is read from
// its end, chunk by chunk, stopping at a line older than the longest window.
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync } from 'node:fs';
import { appendAdHocWindow, maintenanceFile, readOpenAdHocWindows, type AdHocRecord } from '../../../src/adapters/fs/maintenance-store.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

afterAll(removeTempDirs);

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 1, 12);
const win = (startMs: number, endMs: number, reason: string): AdHocRecord => ({ profile: 'demo', environment: 'local', startMs, endMs, reason, by: 'ops@test' });
const lines = (rs: AdHocRecord[]) => rs.map((r) => JSON.stringify(r) + '\n').join('');

function stateEnv(): NodeJS.ProcessEnv {
  const dir = tempDir('opsdeck-maint-');
  mkdirSync(dir, { recursive: true });
  return { OPSDECK_STATE_DIR: dir };
}

describe('ad-hoc maintenance windows, read from the end', () => {
  it('a long history of closed windows: only the open one is returned', () => {
    const env = stateEnv();
    const old = Array.from({ length: 30_000 }, (_, i) => win(now - 400 * DAY + i * 60_000, now - 400 * DAY + i * 60_000 + 30_000, `old ${i}`));
    appendFileSync(maintenanceFile(env), lines(old));
    appendAdHocWindow(win(now - 60_000, now + 30 * 60_000, 'reindex'), env);
    appendFileSync(maintenanceFile(env), '{"profile":"demo","environment":"lo'); // torn by a crash
    expect(readOpenAdHocWindows(now, env).map((r) => r.reason)).toEqual(['reindex']);
  });

  it('a week-long window opened 6 days ago is found behind more than a chunk of newer closed ones', () => {
    const env = stateEnv();
    const newer = Array.from({ length: 2_000 }, (_, i) => win(now - 5 * DAY + i * 60_000, now - 5 * DAY + i * 60_000 + 1000, `short ${i}`));
    appendFileSync(maintenanceFile(env), lines([win(now - 30 * DAY, now - 29 * DAY, 'ancient'), win(now - 6 * DAY, now + DAY, 'week'), ...newer, win(now - 1000, now + 1000, 'now')]));
    expect(readOpenAdHocWindows(now, env).map((r) => r.reason)).toEqual(['week', 'now']);
    expect(readOpenAdHocWindows(now + 2 * DAY, env)).toEqual([]);
  });

  it('no file: no windows', () => {
    expect(readOpenAdHocWindows(now, stateEnv())).toEqual([]);
  });
});

// The shared demo helper other suites build on: the shipped files byte for byte, the shipped
// ports under the machine-wide lock, relative data dirs inside the copy, and a cleanup that
// leaves no service running.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfileFile } from '../../src/adapters/fs/profile-loader.js';
import { DEMO_LOCK_TIMEOUT_MS, REPO_ROOT, makeDemoOpsDir, type DemoOpsDir } from './demo-ops-dir.js';

const made: DemoOpsDir[] = [];
afterAll(async () => {
  for (const d of made) await d.cleanup();
});

describe('makeDemoOpsDir', () => {
  it('copies the shipped profile and runbooks unmodified; the relative data_dir lands inside the copy', { timeout: DEMO_LOCK_TIMEOUT_MS }, async () => {
    const a = await makeDemoOpsDir();
    made.push(a);
    expect(readFileSync(a.profileFile, 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'profiles', 'demo.yaml'), 'utf8'));
    for (const f of readdirSync(join(REPO_ROOT, 'runbooks'))) expect(readFileSync(join(a.dir, 'runbooks', f), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'runbooks', f), 'utf8'));
    expect(a.ports).toEqual({ local: { store: 7101, api: 7102, worker: 7103, web: 7104 }, 'production-sim': { store: 7201, api: 7202, worker: 7203, web: 7204 } });
    expect(a.dataDirs).toEqual({ local: join(a.dir, '.demo-data', 'local'), 'production-sim': join(a.dir, '.demo-data', 'production-sim') });
    const loaded = loadProfileFile(a.profileFile);
    expect(loaded.problems).toEqual([]);
    expect(loaded.profile!.services.api!.provider).toMatchObject({ kind: 'process', command: ['node', 'dist/demo/demo-service.js', 'api', '--port', '{{ vars.api_port }}', '--data', '{{ vars.data_dir }}', '--store-url', 'http://127.0.0.1:{{ vars.store_port }}'] });
    expect(a.env).toMatchObject({ OPSDECK_STATE_DIR: a.stateDir, OPSDECK_DIR: a.dir, OPSDECK_PROFILE: 'demo' });
    await a.cleanup();
  });

  it('startAll brings the demo up healthy; cleanup stops everything and removes the dir', { timeout: DEMO_LOCK_TIMEOUT_MS }, async () => {
    const d = await makeDemoOpsDir();
    made.push(d);
    const result = await d.startAll();
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['started', 'started', 'started', 'started']);
    const res = await fetch(`http://127.0.0.1:${d.ports.local!.web}/health`);
    expect(res.status).toBe(200);
    // The relative data_dir reached the service as the absolute path inside the copy.
    const pid = JSON.parse(readFileSync(join(d.stateDir, 'services', 'demo', 'local', 'store.pid'), 'utf8')) as { command: string[]; cwd: string };
    expect(pid).toMatchObject({ cwd: d.dir, command: ['node', 'dist/demo/demo-service.js', 'store', '--port', '7101', '--data', d.dataDirs.local] });
    await d.cleanup();
    expect(existsSync(d.dir)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${d.ports.local!.web}/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});

// The shared demo helper other suites build on: disjoint free ports, a valid profile, and a
// cleanup that leaves no service running.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { loadProfileFile } from '../../src/adapters/fs/profile-loader.js';
import { makeDemoOpsDir, type DemoOpsDir } from './demo-ops-dir.js';

const made: DemoOpsDir[] = [];
afterAll(async () => {
  await Promise.all(made.map((d) => d.cleanup()));
});

describe('makeDemoOpsDir', () => {
  it('gives concurrent copies disjoint ports, their own data dirs, and a valid profile', async () => {
    const [a, b] = await Promise.all([makeDemoOpsDir(), makeDemoOpsDir({ portBase: 25000 })]);
    made.push(a, b);
    const portsOf = (d: DemoOpsDir) => Object.values(d.ports).flatMap((p) => Object.values(p));
    expect(new Set([...portsOf(a), ...portsOf(b)]).size).toBe(16);
    expect(portsOf(b).every((p) => p >= 25000)).toBe(true);
    const loaded = loadProfileFile(a.profileFile);
    expect(loaded.problems).toEqual([]);
    expect(loaded.profile!.environments.local!.vars).toMatchObject({ store_port: String(a.ports.local!.store), data_dir: a.dataDirs.local });
    expect(loaded.profile!.environments['production-sim']!.protected).toBe(true);
    expect(loaded.profile!.services.api!.provider).toMatchObject({ kind: 'process', command: [process.execPath, a.demoBin, 'api', '--port', '{{ vars.api_port }}', '--data', '{{ vars.data_dir }}', '--store-url', 'http://127.0.0.1:{{ vars.store_port }}'] });
    expect(a.env).toMatchObject({ OPSDECK_STATE_DIR: a.stateDir, OPSDECK_DIR: a.dir, OPSDECK_PROFILE: 'demo' });
  });

  it('startAll brings the demo up healthy; cleanup stops everything and removes the dir', async () => {
    const d = await makeDemoOpsDir();
    const result = await d.startAll();
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['started', 'started', 'started', 'started']);
    const res = await fetch(`http://127.0.0.1:${d.ports.local!.web}/health`);
    expect(res.status).toBe(200);
    await d.cleanup();
    expect(existsSync(d.dir)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${d.ports.local!.web}/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});

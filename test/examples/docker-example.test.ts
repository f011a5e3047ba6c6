// examples/docker for real: up.sh creates the containers the profile names, the adapter finds
// every service (by name and by compose labels), and `up.sh fail` / `heal` flip the API's
// container HEALTHCHECK.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { execa } from 'execa';
import { describeIfAvailable } from '../helpers/requirements.js';
import { dockerEnv, until } from '../helpers/docker-env.js';
import { loadProfileFile } from '../../src/adapters/fs/profile-loader.js';
import { createDockerController, containerHealth } from '../../src/adapters/docker/index.js';
import { ensureBuilt, runCli } from '../helpers/run-cli.js';
import { acquireMachineLock } from '../helpers/machine-lock.js';

const root = join(import.meta.dirname, '../../examples/docker');
const upSh = (arg: string) => execa(join(root, 'up.sh'), [arg], { stdin: 'ignore' });

describeIfAvailable('examples/docker (real engine)', dockerEnv.available, dockerEnv.reason, () => {
  // up.sh uses fixed container names and ports: one suite at a time on this machine.
  let release: () => void = () => {};
  beforeAll(async () => {
    release = await acquireMachineLock('docker-example');
  });
  afterAll(async () => {
    await upSh('down');
    release();
  });

  it('the profile validates, its containers come up healthy, and fail/heal flip the HEALTHCHECK', { timeout: 90_000 }, async () => {
    const loaded = loadProfileFile(join(root, 'profiles/docker-demo.yaml'));
    expect(loaded.problems).toEqual([]);
    const profile = loaded.profile!;
    await upSh('up');

    const controller = createDockerController(profile.environments.local!);
    for (const name of ['api', 'web', 'worker']) {
      expect(await controller.runState(profile.services[name]!)).toBe('running');
    }
    expect((await controller.container(profile.services.worker!))?.name).toBe('opsdeck-demo-worker-1');

    const api = profile.services.api!;
    await until('api healthy', async () => (await containerHealth(api)).ok, 60_000);
    const web = await until('web answers', async () => {
      const res = await fetch(`${profile.environments.local!.vars.web_url}/health`);
      return res.ok && (await res.text());
    });
    expect(web.trim()).toBe('ok');

    await upSh('fail');
    const bad = await until('api unhealthy', async () => {
      const r = await containerHealth(api);
      return !r.ok && r;
    }, 60_000);
    expect(bad.error).toMatch(/^HEALTHCHECK unhealthy/);

    // The console's view: the container's HEALTHCHECK is folded into the service's health.
    ensureBuilt();
    const status = await runCli(['status', '--json', '--dir', root]);
    const report = JSON.parse(status.stdout) as { services: { name: string; state: string; run: string; blockedBy: string[]; checks: { name: string; ok: boolean; error: string | null }[] }[] };
    const apiRow = report.services.find((s) => s.name === 'api')!;
    expect(apiRow.run).toBe('running');
    expect(apiRow.state).not.toBe('healthy');
    expect(apiRow.checks.find((c) => c.name === 'container')).toMatchObject({ ok: false, error: expect.stringMatching(/^HEALTHCHECK unhealthy/) });
    expect(status.code).toBe(1);

    await upSh('heal');
    await until('api healthy again', async () => (await containerHealth(api)).ok, 60_000);
  });
});

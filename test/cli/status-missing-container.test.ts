// `opsdeck status` for a Docker service whose container was removed (docker rm -f): it says
// plainly that the container does not exist, is unhealthy even when another check still passes
// (never "degraded"), and exits 1 like any other unhealthy service. Real engine, real binary.
import { afterAll, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { TestContainers, dockerEnv, uniqueName } from '../helpers/docker-env.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { ensureBuilt, runCli } from '../helpers/run-cli.js';

describeIfAvailable('status of a removed container (real engine)', dockerEnv.available, dockerEnv.reason, () => {
  const containers = new TestContainers();
  afterAll(async () => {
    await containers.removeAll();
    removeTempDirs();
  });

  it('STATE missing, HEALTH unhealthy, DETAIL "the container does not exist", --json missing: true, exit 1', { timeout: 60_000 }, async () => {
    ensureBuilt();
    const gone = await containers.create({ name: uniqueName('gone'), cmd: ['sleep', '600'] });
    const kept = await containers.create({ name: uniqueName('kept'), cmd: ['sleep', '600'] });
    const ops = tempDir();
    mkdirSync(join(ops, 'profiles'));
    // app has a command check that passes whatever the container does.
    writeFileSync(join(ops, 'profiles', 'box.yaml'), `name: box\nenvironments: { local: {} }\nservices:\n  app:\n    docker: { container: ${gone.name} }\n    health:\n      - command: ["true"]\n  side: { docker: { container: ${kept.name} } }\n`);
    const env = { OPSDECK_STATE_DIR: tempDir() };
    const status = (...more: string[]) => runCli(['status', '--dir', ops, '--profile', 'box', ...more], env);
    expect((await status()).code).toBe(0);

    await containers.docker.getContainer(gone.id).remove({ force: true });
    const text = await status();
    expect(text.code, text.stdout + text.stderr).toBe(1);
    const row = text.stdout.split('\n').find((l) => l.startsWith('app '));
    expect(row).toMatch(new RegExp(`^app +missing +unhealthy .*the container does not exist \\(removed\\?\\): no container named "${gone.name}"$`));
    expect(text.stdout).toMatch(/^side +running +healthy/m);
    expect(text.stdout).toContain('2 service(s): 1 healthy, 1 unhealthy');

    const json = await status('--json');
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as { healthy: boolean; services: { name: string; state: string; missing: boolean; instances: { status: string }[] }[] };
    expect(doc.healthy).toBe(false);
    expect(doc.services.find((s) => s.name === 'app')).toMatchObject({ state: 'unhealthy', missing: true, instances: [{ status: 'missing' }] });
    expect(doc.services.find((s) => s.name === 'side')).toMatchObject({ state: 'healthy', missing: false });
  });
});

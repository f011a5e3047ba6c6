// The runner's own check (closing the gap between the console's check and the runner reading
// the file): a start whose runbook changed since review is refused; a resume uses the frozen one.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlanChangedError, setupRun } from '../../../src/services/runs/run-setup.js';
import { findRunbook } from '../../../src/adapters/fs/runbook-loader.js';
import { selectProfile } from '../../../src/adapters/fs/profile-loader.js';
import type { RunRequest } from '../../../src/services/runs/run-request.js';
import { runFixture } from '../../helpers/run-fixture.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';

afterAll(removeTempDirs);

const rb = (cmd: string) => `name: rb\nsteps:\n  - id: one\n    run: [echo, ${cmd}]\n`;

describe('setupRun', () => {
  it('refuses a start when the runbook changed since its plan was reviewed, and resumes the frozen definition', async () => {
    const fx = runFixture({ rb: rb('reviewed') });
    const profile = selectProfile(fx.opsDir, 't');
    const reviewed = findRunbook(fx.opsDir, 'rb', profile);
    const req: RunRequest = {
      runId: '20260101-000000-rb-abcd', opsDir: fx.opsDir, profile: 't', environment: 'local', runbook: 'rb', inputs: {}, dryRun: false, yes: false, interactive: false,
      reviewed: { runbook: reviewed, environmentVars: {} }, requestedBy: { user: 'u', host: 'h' },
    };
    const same = await setupRun(req, fx.env);
    expect(same.plan.steps[0]!.command).toBe('echo reviewed');
    await same.services.close();
    writeFileSync(join(fx.opsDir, 'runbooks', 'rb.yaml'), rb('edited'));
    const refused = await setupRun(req, fx.env).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlanChangedError);
    expect((refused as PlanChangedError).changes).toEqual(['step one: command ["echo","reviewed"] → ["echo","edited"]']);
    const resumed = await setupRun(req, fx.env, {}, { resuming: true });
    expect(resumed.plan.steps[0]!.command).toBe('echo reviewed');
    await resumed.services.close();
  });
});

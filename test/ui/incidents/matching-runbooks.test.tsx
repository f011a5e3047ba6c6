// From a symptom to its runbook, in the console: a failing api lists its runbook first (the
// fired trigger on top), a log line matching a trigger raises that runbook, and Enter opens its
// inputs with the service and environment prefilled. Real session, real log feed from a file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleSession } from '../../../src/services/console/console-session-types.js';
import { loadProfileFile } from '../../../src/adapters/fs/profile-loader.js';
import { healthOf } from '../../helpers/console-session.js';
import { mountConsole } from '../../helpers/runbook-console.js';
import type { TuiHarness } from '../../helpers/ink.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

function opsDir(): { root: string; apiLog: string } {
  const root = tempDir('opsdeck-triggers-');
  const apiLog = join(root, 'api.log');
  writeFileSync(apiLog, 'started\n');
  mkdirSync(join(root, 'profiles'));
  mkdirSync(join(root, 'runbooks'));
  writeFileSync(join(root, 'profiles', 'oncall.yaml'), `name: oncall
environments: { local: {}, staging: {} }
services:
  db: { description: database }
  api: { depends_on: [db], logs: [{ file: ${JSON.stringify(apiLog)} }] }
`);
  writeFileSync(join(root, 'runbooks', 'api-restart.yaml'), `name: api-restart
title: Restart a wedged service
services: [api]
triggers: { unhealthy: [api] }
inputs:
  - { name: service, description: which one }
  - { name: environment }
  - { name: reason, default: paged }
steps: [{ id: s, manual: "restart {{ inputs.service }}" }]
`);
  writeFileSync(join(root, 'runbooks', 'timeouts.yaml'), `name: timeouts
title: Chase upstream timeouts
triggers: { log: { service: api, match: "/timed out/i" } }
steps: [{ id: s, manual: look }]
`);
  writeFileSync(join(root, 'runbooks', 'db-vacuum.yaml'), `name: db-vacuum
title: Vacuum the database
services: [db]
steps: [{ id: s, manual: vacuum }]
`);
  return { root, apiLog };
}

describe('runbooks matching a symptom', () => {
  let session: ConsoleSession;
  let tui: TuiHarness;
  let apiLog: string;
  beforeAll(() => {
    const dir = opsDir();
    apiLog = dir.apiLog;
    const { profile } = loadProfileFile(join(dir.root, 'profiles', 'oncall.yaml'));
    ({ session, tui } = mountConsole({ root: dir.root, profile: profile! }));
  });
  afterAll(async () => {
    tui.unmount();
    await session.dispose();
    removeTempDirs();
  });

  it('a failing api lists its runbook first; a matching log line raises the log-triggered one; Enter prefills', async () => {
    session.health.getState().update({ db: healthOf('db', 'healthy'), api: healthOf('api', 'healthy') }, Date.now());
    await tui.waitFor(/api +\S+ +● healthy/);
    await tui.press('j', 'enter');
    let screen = await tui.waitFor('Runbooks (Enter opens the first, prefilled)');
    expect(screen).toMatch(/ api-restart Restart a wedged service/);
    expect(screen).not.toContain('fired');

    session.health.getState().update({ api: healthOf('api', 'unhealthy') }, Date.now());
    await tui.waitFor(/api-restart fired: api unhealthy/);

    // The log trigger fires on a new line of the api's log file, and was the later symptom.
    appendFileSync(apiLog, 'GET /orders: upstream TIMED OUT after 3000ms\n');
    screen = await tui.waitFor(/timeouts fired: api log: \/timed out\/i/, 20_000);
    const lines = screen.split('\n');
    expect(lines.findIndex((l) => l.includes('api-restart fired'))).toBeLessThan(lines.findIndex((l) => l.includes('timeouts fired')));
    expect(screen).not.toContain('db-vacuum');

    await tui.press('enter');
    screen = await tui.waitFor(/Restart a wedged service — inputs for local[\s\S]*service: api/);
    expect(screen).toMatch(/environment: local/);
    expect(screen).toMatch(/reason: paged/);
  }, 60_000);
});

describe('runbooks matching a symptom, in read-only mode', () => {
  it('a runbook that changes things is still offered, marked dry run only, and its plan starts only the dry run', async () => {
    const { root } = opsDir();
    writeFileSync(join(root, 'runbooks', 'api-restart.yaml'), `name: api-restart
title: Restart a wedged service
services: [api]
triggers: { unhealthy: [api] }
steps: [{ id: s, run: ["true"] }]
`);
    const { profile } = loadProfileFile(join(root, 'profiles', 'oncall.yaml'));
    const { session, tui } = mountConsole({ root, profile: profile!, readonly: true });
    try {
      session.health.getState().update({ db: healthOf('db', 'healthy'), api: healthOf('api', 'unhealthy') }, Date.now());
      await tui.waitFor('READ-ONLY');
      await tui.waitFor(/api +\S+ +\S unhealthy/);
      await tui.press('j', 'enter');
      const screen = await tui.waitFor(/api-restart fired: api unhealthy/);
      expect(screen).toMatch(/api-restart fired: api unhealthy \[dry run only\] Restart a wedged service/);
      await tui.press('enter');
      await tui.waitFor('Restart a wedged service — inputs for local');
      await tui.press('enter');
      const plan = await tui.waitFor('Plan: Restart a wedged service');
      expect(plan).toContain('dry-run ON');
      expect(plan).toContain('read-only: only this dry run may start');
    } finally {
      tui.unmount();
      await session.dispose();
    }
  }, 60_000);
});

// The header's backup warning follows a backup run at once: it re-read only every minute, so
// for up to 60 s after a successful backup it still said NO BACKUP while status said ok.
import { afterAll, describe, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfileFile } from '../../../src/adapters/fs/profile-loader.js';
import { mountConsole } from '../../helpers/runbook-console.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';

afterAll(removeTempDirs);

describe('the header after a backup run', () => {
  it('NO BACKUP goes once the backup run succeeded, without waiting for the minute', async () => {
    const root = tempDir('opsdeck-dr-header-');
    mkdirSync(join(root, 'profiles'));
    mkdirSync(join(root, 'runbooks'));
    writeFileSync(join(root, 'profiles', 'shop.yaml'), 'name: shop\nenvironments:\n  prod: { protected: true, rpo: 24h }\nservices:\n  db: { description: the database }\n');
    writeFileSync(join(root, 'runbooks', 'backup.yaml'), 'name: backup\nkind: backup\nservices: [db]\nsteps:\n  - { id: dump, run: ["true"] }\n');
    const { profile } = loadProfileFile(join(root, 'profiles', 'shop.yaml'));
    const { session, tui } = mountConsole({ root, profile: profile!, environment: 'prod', runMode: 'in-process' });
    try {
      await tui.waitFor('NO BACKUP');
      const rb = session.runbooks.list().find((r) => r.name === 'backup')!.runbook!;
      const client = await session.runbooks.start(session.runbooks.preview(rb, {}, false), 'CHG-1');
      await until('the backup run to succeed', () => client.store.getState().view?.outcome === 'succeeded', 20_000, 20);
      // Well within the header's minute: the runs store's change re-reads it.
      await tui.waitForGone('NO BACKUP', 10_000);
    } finally {
      tui.unmount();
      await session.dispose();
    }
  }, 60_000);
});

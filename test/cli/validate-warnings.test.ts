// `validate` warns (at file:line:col, exit still 0) about a logs.file outside the ops dir and
// the system log dirs: the console would show that file to whoever opens the service's logs.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';

afterAll(removeTempDirs);

describe('validate: logs.file outside the ops dir', () => {
  it('warns with the position; inside the ops dir or /var/log is fine', async () => {
    const ops = tempDir('opsdeck-validate-');
    mkdirSync(join(ops, 'profiles'));
    writeFileSync(
      join(ops, 'profiles', 'shop.yaml'),
      'name: shop\nenvironments:\n  local: {}\nservices:\n  api:\n    logs:\n      - file: logs/api.log\n      - file: /var/log/syslog\n      - file: ../../etc/shadow\n',
    );
    const r = await runCli(['validate', '--dir', ops], { OPSDECK_STATE_DIR: join(ops, '.state') });
    expect(r.code).toBe(0);
    const warnings = r.stdout.trim().split('\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/shop\.yaml:9:15: warning: log file \.\.\/\.\.\/etc\/shadow \(.*\/etc\/shadow\) is outside the ops dir and the system log dirs/);
  });
});

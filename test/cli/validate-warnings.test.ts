// `validate` warns (at file:line:col, exit still 0) about a logs.file outside the ops dir and
// the system log dirs: the console would show that file to whoever opens the service's logs.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('warns about a log file inside the ops dir that is a symlink out of it (or under a symlinked folder)', async () => {
    const ops = tempDir('opsdeck-validate-');
    mkdirSync(join(ops, 'profiles'));
    mkdirSync(join(ops, 'logs'));
    symlinkSync('/etc/shadow', join(ops, 'logs', 'api.log'));
    symlinkSync('/etc', join(ops, 'logs', 'etc'));
    writeFileSync(join(ops, 'logs', 'real.log'), 'ok\n');
    writeFileSync(
      join(ops, 'profiles', 'shop.yaml'),
      'name: shop\nenvironments:\n  local: {}\nservices:\n  api:\n    logs:\n      - file: logs/api.log\n      - file: logs/etc/passwd\n      - file: logs/real.log\n      - file: logs/not-yet.log\n',
    );
    const r = await runCli(['validate', '--dir', ops], { OPSDECK_STATE_DIR: join(ops, '.state') });
    expect(r.code).toBe(0);
    const warnings = r.stdout.trim().split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toEqual([
      expect.stringMatching(/shop\.yaml:7:15: warning: log file logs\/api\.log \(.*\/logs\/api\.log, which resolves to \/etc\/shadow\) is outside the ops dir/),
      expect.stringMatching(/shop\.yaml:8:15: warning: log file logs\/etc\/passwd \(.*, which resolves to \/etc\/passwd\) is outside the ops dir/),
    ]);
  });
});

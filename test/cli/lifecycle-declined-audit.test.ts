// A service action not done headless is audited as the console audits it (one path,
// confirmLifecycle): a wrong name typed at the prompt, a wrong --confirm-env, nobody to answer.
// The real binary on a profile of its own (a process service, no ports).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, REPO, runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { startTmux, tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { describeIfAvailable } from '../helpers/requirements.js';

afterAll(removeTempDirs);

function opsDir(): { dir: string; state: string } {
  const dir = tempDir('opsdeck-declined-ops-');
  mkdirSync(join(dir, 'profiles'));
  writeFileSync(join(dir, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: {}\n  prod: { protected: true }\nservices:\n  app:\n    process: { command: [sleep, "600"] }\n');
  return { dir, state: tempDir('opsdeck-declined-state-') };
}

const auditOf = (state: string): Record<string, string>[] => {
  const file = join(state, 'audit.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>) : [];
};

describe('headless service actions not done are audited', () => {
  it('a wrong --confirm-env, and no --confirm-env without a terminal: exit 2, each audited as declined, nothing started', async () => {
    ensureBuilt();
    const o = opsDir();
    const env = { OPSDECK_STATE_DIR: o.state };
    const wrong = await runCli(['stop', 'app', '--env', 'prod', '--confirm-env', 'local', '--dir', o.dir, '--profile', 'p'], env);
    expect(wrong.code, wrong.stderr).toBe(2);
    expect(wrong.stderr).toContain('--confirm-env "local" does not match the environment "prod"; nothing was done');
    const none = await runCli(['restart', 'app', '--env', 'prod', '--dir', o.dir, '--profile', 'p'], env);
    expect(none.code, none.stderr).toBe(2);
    expect(none.stderr).toContain('prod is a protected environment: add --confirm-env prod');
    const audit = auditOf(o.state);
    expect(audit.find((e) => e.action === 'service.stop')).toMatchObject({
      outcome: 'declined', environment: 'prod', command: 'opsdeck stop app --env prod',
      confirmation: 'asked typed "prod"; answered "local" via flag --confirm-env', detail: 'typed "local", expected "prod"',
    });
    expect(audit.find((e) => e.action === 'service.restart')).toMatchObject({ outcome: 'declined', environment: 'prod', confirmation: 'asked typed "prod"; nobody to answer' });
    expect(audit.some((e) => e.outcome === 'started')).toBe(false);
    // An unprotected environment asks no name: a --confirm-env for another one is a usage error, nothing asked.
    const usage = await runCli(['stop', 'app', '--env', 'local', '--confirm-env', 'prod', '--dir', o.dir, '--profile', 'p'], env);
    expect(usage.code).toBe(2);
    expect(auditOf(o.state)).toHaveLength(audit.length);
  }, 60_000);

  describeIfAvailable('on a terminal', tmuxAvailable(), 'tmux is not installed', () => {
    let pane: TmuxPane | undefined;
    afterEach(() => pane?.kill());

    it('a wrong name typed at the prompt is audited as declined, with what was typed', async () => {
      ensureBuilt();
      const o = opsDir();
      pane = startTmux(`${process.execPath} ${join(REPO, 'bin', 'opsdeck.js')} stop app --env prod --dir ${o.dir} --profile p`, { shell: true, env: { OPSDECK_STATE_DIR: o.state, NO_COLOR: '1' } });
      await pane.waitFor('Type the environment name (prod) to confirm, anything else refuses:');
      pane.type('production');
      pane.send('Enter');
      await pane.waitFor('typed "production", expected "prod"; nothing was done');
      expect(auditOf(o.state)).toEqual([
        expect.objectContaining({ action: 'service.stop', outcome: 'declined', environment: 'prod', command: 'opsdeck stop app --env prod', confirmation: 'asked typed "prod"; answered "production" via tty', detail: 'typed "production", expected "prod"' }),
      ]);
    }, 60_000);
  });
});

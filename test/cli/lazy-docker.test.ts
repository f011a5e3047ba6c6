// dockerode (and ssh2 under it) load only when a Docker service is asked for: `status` and
// `logs` on a profile without Docker services never import them; on the Docker example they do.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, ensureBuilt } from '../helpers/run-cli.js';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';

function packagesLoaded(args: string[]): string[] {
  const file = join(tempDir('opsdeck-imports-'), 'imports.txt');
  spawnSync(process.execPath, ['--import', join(REPO, 'test/helpers/import-recorder.mjs'), join(REPO, 'bin/opsdeck.js'), ...args], {
    env: { ...process.env, OPSDECK_TEST_IMPORTS: file, OPSDECK_STATE_DIR: tempDir('opsdeck-imports-state-'), DOCKER_HOST: 'unix:///nonexistent.sock', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return existsSync(file) ? [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))] : [];
}

describe('dockerode loads lazily', () => {
  beforeAll(() => ensureBuilt());

  it('the Docker example loads dockerode; a profile without Docker services never does (status, logs)', () => {
    // The first run shows the recorder sees dockerode when it is loaded.
    expect(packagesLoaded(['status', '--json', '--dir', join(REPO, 'examples/docker')])).toContain('dockerode');
    for (const args of [['status', '--json', '--demo'], ['logs', '--demo', '--tail', '1']]) {
      expect(packagesLoaded(args).filter((p) => /dockerode|docker-modem|ssh2/.test(p)), args.join(' ')).toEqual([]);
    }
    removeTempDirs();
  });
});

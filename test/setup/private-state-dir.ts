// vitest globalSetup: the run's default state dir is a temp dir. A test that builds something
// without a state env (process.env itself, or an env without OPSDECK_STATE_DIR) then reads and
// writes there, never in the user's real state ($XDG_STATE_HOME or ~/.local/state/opsdeck).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-test-xdg-state-'));
  delete process.env.OPSDECK_STATE_DIR;
  process.env.XDG_STATE_HOME = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

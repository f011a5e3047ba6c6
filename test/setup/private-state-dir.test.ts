// The suite's default state dir (globalSetup private-state-dir.ts): whatever the shell had in
// OPSDECK_STATE_DIR or XDG_STATE_HOME, a test that passes no state env gets a temp dir.
import { expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { stateDirPath } from '../../src/adapters/fs/state-dir.js';

it('the default state dir of a test is a temp dir of this run, not the user\'s', () => {
  expect(process.env.OPSDECK_STATE_DIR).toBeUndefined();
  expect(stateDirPath()).toMatch(new RegExp(`^${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/opsdeck-test-xdg-state-[^/]+/opsdeck$`));
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real processes, servers and tmux sessions: keep parallelism modest on 2 cores.
    maxWorkers: 2,
    env: { NODE_ENV: 'test', FORCE_COLOR: '0' },
    // The default state dir is a temp dir for the run: tests never touch the user's real state.
    globalSetup: ['test/setup/private-state-dir.ts'],
  },
});

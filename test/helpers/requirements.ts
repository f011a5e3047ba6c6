// Suites that need a real Docker engine, PostgreSQL or tmux: skip loudly on a developer's
// machine, fail in CI (CI=true), where .ci/run must have provided them.
import { describe } from 'vitest';

export const inCI = process.env.CI === 'true' || process.env.CI === '1';

/** describe() when `available`, otherwise a loud skip (or a failure in CI). */
export function describeIfAvailable(name: string, available: boolean, reason: string, body: () => void): void {
  if (available) {
    describe(name, body);
    return;
  }
  if (inCI) {
    describe(name, () => {
      throw new Error(`${name}: ${reason} — CI must provide it (see .ci/run)`);
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPED "${name}": ${reason} ***\n`);
  describe.skip(name, body);
}

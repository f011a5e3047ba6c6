// A slice of the config fuzz (the bench runs ≥ 10,000): mutated shipped files never crash
// `validate` or the console's start path, and every problem has file:line:col.
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../bench/lib/config-fuzz.js';
import { REPO } from '../helpers/run-cli.js';

describe('config fuzz (a slice)', () => {
  it('300 seeded mutations: 0 crashes, 0 problems without a position', () => {
    const f = fuzz(REPO, 300, 42);
    expect({ crashes: f.crashes, unpositioned: f.unpositioned, examples: f.examples }).toEqual({ crashes: 0, unpositioned: 0, examples: [] });
    expect(f.cases).toBe(300);
  }, 120_000);
});

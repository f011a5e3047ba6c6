import { describe, it, expect } from 'vitest';
import { findCycles, startOrder, stopOrder, dependantsOf } from '../../../src/domain/profile/dependency-graph.js';

const shop = { web: ['api'], worker: ['api', 'store'], api: ['store'], store: [] };

describe('dependency order', () => {
  it('starts dependencies first, in declaration order otherwise', () => {
    expect(startOrder(shop)).toEqual(['store', 'api', 'web', 'worker']);
  });
  it('stops in reverse', () => {
    expect(stopOrder(shop)).toEqual(['worker', 'web', 'api', 'store']);
  });
  it('orders only the named services unless asked to pull dependencies in', () => {
    expect(startOrder(shop, ['web', 'store'])).toEqual(['store', 'web']);
    expect(startOrder(shop, ['web'], true)).toEqual(['store', 'api', 'web']);
  });
  it('finds dependants transitively', () => {
    expect(dependantsOf(shop, 'store').sort()).toEqual(['api', 'web', 'worker']);
    expect(dependantsOf(shop, 'web')).toEqual([]);
  });
});

describe('cycles', () => {
  it.each([
    [{ a: ['b'], b: ['c'], c: ['a'] }, [['a', 'b', 'c', 'a']]],
    [{ a: ['b'], b: ['a'], c: ['a'] }, [['a', 'b', 'a']]],
    [{ a: ['b'], b: [] }, []],
    [{ a: ['a'] }, [['a', 'a']]],
    [{ a: ['ghost'] }, []],
  ])('%j → %j', (deps, cycles) => {
    expect(findCycles(deps)).toEqual(cycles);
  });
  it('ordering still terminates on a cycle', () => {
    expect(startOrder({ a: ['b'], b: ['a'] }).sort()).toEqual(['a', 'b']);
  });
});

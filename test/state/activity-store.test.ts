import { describe, expect, it } from 'vitest';
import { createActivityStore, latestActivity } from '../../src/state/activity-store.js';

describe('activity store', () => {
  it('keeps only the newest entries', () => {
    const store = createActivityStore(3);
    for (let i = 1; i <= 5; i++) store.getState().add('info', `m${i}`);
    const { entries } = store.getState();
    expect(entries.map((e) => e.message)).toEqual(['m3', 'm4', 'm5']);
    expect(new Set(entries.map((e) => e.id)).size).toBe(3);
    expect(latestActivity(store.getState())?.message).toBe('m5');
  });

  it('tracks which service has an action under way', () => {
    const store = createActivityStore();
    store.getState().setBusy('api', 'restart');
    store.getState().setBusy('db', 'stop');
    store.getState().setBusy('api', undefined);
    expect(store.getState().busy).toEqual({ db: 'stop' });
  });
});

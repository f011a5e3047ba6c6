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

describe('the status line shows an entry only while it is current', () => {
  it('a done action or a notice for 15 s, an error for 60 s, a step in progress for 3 min', async () => {
    const { shownActivity } = await import('../../src/state/activity-store.js');
    const at = 1_000_000;
    const e = (level: 'info' | 'ok' | 'error' | 'progress') => ({ id: 1, at, level, message: 'restart api in local: cancelled' });
    expect(shownActivity(e('info'), at + 14_999)).toBeDefined();
    expect(shownActivity(e('info'), at + 15_000)).toBeUndefined();
    expect(shownActivity(e('ok'), at + 15_000)).toBeUndefined();
    expect(shownActivity(e('error'), at + 59_999)).toBeDefined();
    expect(shownActivity(e('error'), at + 60_000)).toBeUndefined();
    expect(shownActivity(e('progress'), at + 179_999)).toBeDefined();
    expect(shownActivity(undefined, at)).toBeUndefined();
  });
});

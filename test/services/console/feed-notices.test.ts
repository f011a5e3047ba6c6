// A feed's outage in the activity line: said once when it begins (not on every retry), and how
// long it lasted when it ends; an environment switch (the store reset) is not a reconnection.
import { expect, it } from 'vitest';
import { announceFeedNotices } from '../../../src/services/console/feed-notices.js';
import { createHealthStore } from '../../../src/state/health-store.js';
import { createActivityStore } from '../../../src/state/activity-store.js';

it('says when a feed is lost and when it is back, with how long it took', () => {
  const health = createHealthStore('local');
  const activity = createActivityStore();
  let now = 1_000;
  const stop = announceFeedNotices(health, activity, () => now);
  const said = () => activity.getState().entries.map((e) => `${e.level} ${e.message}`);
  health.getState().setNotice('docker', 'Docker events from unix:///x.sock lost: connect ENOENT; retrying in 0.3s');
  now += 300;
  health.getState().setNotice('docker', 'Docker events from unix:///x.sock lost: connect ENOENT; retrying in 0.5s');
  now += 3_900;
  health.getState().setNotice('docker', undefined);
  expect(said()).toEqual(['error Docker events from unix:///x.sock lost: connect ENOENT; retrying in 0.3s', 'ok docker: engine events reconnected after 4.2s']);

  health.getState().setNotice('docker', 'Docker events from unix:///x.sock lost: again');
  health.getState().reset('staging', {}); // switched away: nothing came back
  health.getState().setNotice('docker', undefined);
  expect(said()).toHaveLength(3);
  stop();
  health.getState().setNotice('docker', 'lost after unsubscribe');
  expect(said()).toHaveLength(3);
});

// Live feeds (Docker engine events) going away and coming back, said in the activity line when
// it happens: the notice above the table lasts only as long as the outage, the activity line
// keeps when it began and how long it took to reconnect.
import { formatDuration } from '../../domain/duration.js';
import type { ActivityStore } from '../../state/activity-store.js';
import type { HealthStore } from '../../state/health-store.js';

/** Starts saying so; returns the unsubscribe. */
export function announceFeedNotices(health: HealthStore, activity: ActivityStore, now: () => number = Date.now): () => void {
  const lostAt = new Map<string, number>();
  return health.subscribe((st, prev) => {
    if (st.environment !== prev.environment) {
      lostAt.clear(); // a new environment's monitor: its feeds start afresh
      return;
    }
    if (st.notices === prev.notices) return;
    for (const [feed, text] of Object.entries(st.notices)) {
      if (lostAt.has(feed)) continue;
      lostAt.set(feed, now());
      activity.getState().add('error', text);
    }
    for (const [feed, at] of [...lostAt]) {
      if (feed in st.notices) continue;
      lostAt.delete(feed);
      activity.getState().add('ok', `${feed}: engine events reconnected after ${formatDuration(now() - at)}`);
    }
  });
}

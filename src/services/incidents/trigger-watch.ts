// Log triggers, live: for every `triggers.log` of the environment's runbooks, follow the
// service's logs and remember when a line last matched (within the last 15 minutes), so the
// service and incident screens can put that runbook first. Lines are read from the feed's ring
// buffers after each batch, never one React update per line.
import type { Runbook } from '../../domain/runbook/runbook-model.js';
import { logHitKey, logTriggersFor } from '../../domain/runbook/triggers.js';
import type { LogFeed } from '../logs/log-feed.js';
import { createStore, type StoreApi } from 'zustand/vanilla';

export const LOG_HIT_TTL_MS = 15 * 60_000;

export interface TriggerWatch {
  /** Fired log triggers: `logHitKey(runbook, service)` → when the last matching line came. */
  hits(): ReadonlyMap<string, number>;
  /** Bumped when a trigger fires (screens re-sort their lists). */
  readonly store: StoreApi<{ version: number }>;
  /** Follow the triggers of these runbooks (after an environment switch). */
  reload(runbooks: readonly Runbook[]): void;
  close(): void;
}

export function startTriggerWatch(openFeed: (services: readonly string[]) => LogFeed, runbooks: readonly Runbook[], now: () => number = Date.now): TriggerWatch {
  const store = createStore<{ version: number }>()(() => ({ version: 0 }));
  const hits = new Map<string, number>();
  let feed: LogFeed | undefined;
  let unsubscribe: (() => void) | undefined;

  const open = (list: readonly Runbook[]) => {
    const services = [...new Set(list.flatMap((rb) => rb.triggers.log.map((t) => t.service)))];
    if (services.length === 0) return;
    const watchers = new Map(services.map((s) => [s, logTriggersFor(list, s)]));
    const f = openFeed(services);
    feed = f;
    const seen = new Map<unknown, number>();
    unsubscribe = f.store.subscribe(() => {
      let fired = false;
      const cutoff = now() - LOG_HIT_TTL_MS;
      for (const [service, triggers] of watchers) {
        for (const buf of f.store.getState().buffersFor([service])) {
          const last = seen.get(buf) ?? -1;
          let max = last;
          // Only the lines that arrived since the last batch: walk back from the newest.
          let from = buf.size;
          while (from > 0 && buf.at(from - 1)!.seq > last) from--;
          for (const line of buf.slice(from)) {
            max = Math.max(max, line.seq);
            const at = line.ts ?? line.at;
            if (at < cutoff) continue;
            for (const t of triggers) {
              t.re.lastIndex = 0;
              if (!t.re.test(line.text)) continue;
              const key = logHitKey(t.runbook, service);
              if ((hits.get(key) ?? -Infinity) < at) hits.set(key, at);
              fired = true;
            }
          }
          seen.set(buf, max);
        }
      }
      if (fired) store.setState((s) => ({ version: s.version + 1 }));
    });
  };
  const close = () => {
    unsubscribe?.();
    feed?.close();
    feed = undefined;
    unsubscribe = undefined;
  };
  open(runbooks);
  return {
    store,
    hits: () => {
      const cutoff = now() - LOG_HIT_TTL_MS;
      for (const [k, at] of hits) if (at < cutoff) hits.delete(k);
      return hits;
    },
    reload(list) {
      close();
      hits.clear();
      open(list);
      store.setState((s) => ({ version: s.version + 1 }));
    },
    close,
  };
}

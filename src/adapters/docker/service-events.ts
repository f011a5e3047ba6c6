// Engine events for the services of a profile: one event stream per engine (a host's, or the
// environment's), whichever services live on it; an event names the services it touches. A
// stream that drops is said (per engine, several at once joined) and retried with backoff; when
// it is back the services on that engine are refreshed to catch up on what was missed.
import type { Service } from '../../domain/profile/profile-model.js';
import type { ServiceController } from '../../ports/service-controller.js';
import type { DockerEngine, DockerSpec } from './docker-engine.js';
import { COMPOSE_PROJECT, COMPOSE_SERVICE } from './docker-engine.js';
import { watchEngineEvents, type EngineEvent } from './engine-events.js';

export type WatchHandlers = Parameters<NonNullable<ServiceController['watch']>>[1];

/** Container events that change what opsdeck shows. */
const RELEVANT = /^(start|die|stop|kill|restart|pause|unpause|oom|destroy|create|health_status)/;

function touches(spec: DockerSpec, e: EngineEvent): boolean {
  if (spec.container) return e.name === spec.container || e.id === spec.container;
  return e.attributes[COMPOSE_PROJECT] === spec.project && e.attributes[COMPOSE_SERVICE] === spec.service;
}

export interface WatchedService {
  service: Service;
  spec: DockerSpec;
  /** The engines its containers live on. */
  engines: DockerEngine[];
}

export function watchServiceEvents(watched: readonly WatchedService[], handlers: WatchHandlers, signal: AbortSignal): void {
  const byEngine = new Map<string, { engine: DockerEngine; services: WatchedService[] }>();
  for (const w of watched) {
    for (const engine of w.engines) {
      const entry = byEngine.get(engine.display) ?? { engine, services: [] };
      if (!entry.services.includes(w)) entry.services.push(w);
      byEngine.set(engine.display, entry);
    }
  }
  const lost = new Map<string, string>();
  const say = (): void => handlers.notice?.(lost.size ? [...lost.values()].join(' · ') : undefined);
  for (const [display, { engine, services }] of byEngine) {
    watchEngineEvents(engine, {
      event: (e) => {
        if (!RELEVANT.test(e.action)) return;
        const names = services.filter((w) => touches(w.spec, e)).map((w) => w.service.name);
        if (names.length) handlers.changed(names);
      },
      status: (st) => {
        if (st.state === 'disconnected') {
          // The stream dropping is news in itself (the engine stopped, the link went): look now
          // rather than at the next poll, once per outage.
          if (!lost.has(display)) handlers.changed(services.map((w) => w.service.name));
          lost.set(display, `Docker events from ${display} lost: ${st.reason}; retrying in ${Math.round(st.retryInMs / 100) / 10}s`);
        }
        else {
          lost.delete(display);
          if (st.state === 'reconnected') handlers.changed(services.map((w) => w.service.name)); // catch up on what was missed
        }
        say();
      },
    }, signal);
  }
}

// Log feeds for the console: one store fed by every source of the chosen services, closed with
// the screen that opened it. Sources load lazily (the Docker one pulls dockerode).
import type { Profile } from '../../domain/profile/profile-model.js';
import { createRedactor, secretValuesFrom } from '../../domain/text/redaction.js';
import { createLogStore, type LogStore } from '../../state/log-store.js';
import { LogTailer } from './log-tailer.js';

export interface LogFeed {
  readonly store: LogStore;
  /** Stops every source and timer of this feed. */
  close(): void;
}

export interface LogFeedOptions {
  /** History lines per source at open. @default 500 */
  tail?: number;
  /** Lines kept per source. @default 5000 */
  capacity?: number;
  env?: NodeJS.ProcessEnv;
}

export function openLogFeed(profile: Profile, environment: string, services: readonly string[], options: LogFeedOptions = {}): LogFeed {
  const store = createLogStore(options.capacity ?? 5000);
  const ac = new AbortController();
  const redactor = createRedactor(secretValuesFrom(profile.secrets, options.env ?? process.env));
  const tailer = new LogTailer({ store, redactor });
  void import('../../adapters/logs/service-log-sources.js').then(({ serviceLogSources }) => {
    if (ac.signal.aborted) return;
    const sources = services.flatMap((name) => {
      const service = profile.services[name];
      return service ? serviceLogSources(profile, environment, service, { tail: options.tail ?? 500 }) : [];
    });
    tailer.start(sources, ac.signal);
  });
  return { store, close: () => ac.abort() };
}

// Puts lines into a log store through the real pipeline (split, level, masking), as a source
// named after the service would. 'sekrit-value-1' is a known secret: it is masked.
import { createLogStore, type LogStore } from '../../src/state/log-store.js';
import { LogPipeline } from '../../src/domain/logs/log-pipeline.js';
import { createRedactor } from '../../src/domain/text/redaction.js';

export { createLogStore, type LogStore };

const seq = { next: 1 };

export function feed(store: LogStore, service: string, lines: string[]): void {
  const id = `${service}:test`;
  store.getState().addSource(id, service);
  const p = new LogPipeline({ source: id, service, redactor: createRedactor(['sekrit-value-1']), seq });
  store.getState().append(id, p.push({ text: lines.map((l) => l + '\n').join('') }));
  store.getState().flush();
}

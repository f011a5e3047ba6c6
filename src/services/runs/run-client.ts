// A console's end of the attach protocol: says hello as the controlling console, folds what the
// runner sends into a run store, and sends the operator's answers back. The same client serves
// an in-process run (memory channel) and a detached runner (its unix socket): the UI only ever
// talks to this.
import type { ClientIdentity, ClientMessage, ServerMessage } from '../../domain/runbook/runner-protocol.js';
import type { ConfirmAnswer } from '../../ports/confirmer.js';
import { createRunViewStore, type RunViewStore } from '../../state/run-view-store.js';

/** A bidirectional message channel (a LineChannel over a socket, or an in-memory pair). */
export interface ClientChannel {
  send(msg: ClientMessage): void;
  onMessage(fn: (msg: ServerMessage) => void): void;
  onClose(fn: () => void): void;
  close(): void;
}

export interface RunClient {
  readonly runId: string;
  readonly store: RunViewStore;
  answer(id: string, answer: ConfirmAnswer): void;
  /** Ctrl-C during a step: the runner asks (through this client) whether to abort. */
  abort(): void;
  /** Stops answering and watching; the run goes on (detached) or waits for someone to attach. */
  detach(): void;
}

export function connectRunClient(runId: string, channel: ClientChannel, who: ClientIdentity, role: 'control' | 'watch' = 'control'): RunClient {
  const store = createRunViewStore(runId);
  const st = () => store.getState();
  channel.onMessage((m) => {
    switch (m.t) {
      case 'welcome':
        st().patch({ controller: m.controller, status: m.status, connection: 'replaying' });
        break;
      case 'event':
        st().event(m.event);
        break;
      case 'live':
        st().patch({ connection: 'live' });
        break;
      case 'ask':
        st().ask(m.request);
        break;
      case 'answered':
        st().answered(m.id);
        break;
      case 'control':
        st().patch({ controller: m.controller });
        break;
      case 'status':
        st().patch({ status: m.status });
        break;
      case 'error':
        st().patch({ message: m.message });
        break;
      case 'bye':
        st().patch({ message: m.reason });
        break;
    }
  });
  channel.onClose(() => {
    st().patch({ connection: 'closed' });
    st().dispose();
  });
  channel.send({ t: 'hello', role, who });
  return {
    runId,
    store,
    answer(id, answer) {
      st().answered(id);
      channel.send({ t: 'answer', id, answer: { ...answer, via: answer.via ?? 'console' } });
    },
    abort: () => channel.send({ t: 'abort' }),
    detach() {
      channel.send({ t: 'release' });
      channel.close();
    },
  };
}

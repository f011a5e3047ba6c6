// Two ends of an in-memory message channel with the socket's manners: delivery is asynchronous
// (never re-entrant) and messages are copied, so an in-process run behaves like an attached one.
import type { ClientMessage, ServerMessage } from '../../domain/runbook/runner-protocol.js';
import type { HubChannel } from './attach-hub.js';
import type { ClientChannel } from './run-client.js';

interface End<In, Out> {
  send(msg: Out): void;
  onMessage(fn: (msg: In) => void): void;
  onClose(fn: () => void): void;
  close(): void;
}

export function memoryChannelPair(): { server: HubChannel; client: ClientChannel } {
  let closed = false;
  const listeners = { server: [] as ((m: ClientMessage) => void)[], client: [] as ((m: ServerMessage) => void)[] };
  const closers: (() => void)[] = [];
  const close = () => {
    if (closed) return;
    closed = true;
    setImmediate(() => closers.forEach((c) => c()));
  };
  const deliver = <M>(fns: ((m: M) => void)[], msg: M) => {
    if (closed) return;
    const copy = JSON.parse(JSON.stringify(msg)) as M;
    setImmediate(() => fns.forEach((f) => f(copy)));
  };
  const server: End<ClientMessage, ServerMessage> = {
    send: (m) => deliver(listeners.client, m),
    onMessage: (fn) => void listeners.server.push(fn),
    onClose: (fn) => void closers.push(fn),
    close,
  };
  const client: End<ServerMessage, ClientMessage> = {
    send: (m) => deliver(listeners.server, m),
    onMessage: (fn) => void listeners.client.push(fn),
    onClose: (fn) => void closers.push(fn),
    close,
  };
  return { server, client };
}

// A socket seen as a channel of JSON messages, one per line. Bad lines are reported, not fatal.
import type { Socket } from 'node:net';

export interface LineChannel<In, Out> {
  send(msg: Out): void;
  onMessage(fn: (msg: In) => void): void;
  onClose(fn: () => void): void;
  close(): void;
  readonly closed: boolean;
}

const MAX_LINE = 4 << 20;

export function lineChannel<In, Out>(socket: Socket): LineChannel<In, Out> {
  let buf = '';
  let closed = false;
  const handlers: ((m: In) => void)[] = [];
  const closers: (() => void)[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buf += chunk;
    if (buf.length > MAX_LINE && !buf.includes('\n')) {
      socket.destroy();
      return;
    }
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      let msg: In;
      try {
        msg = JSON.parse(line) as In;
      } catch {
        continue; // a peer speaking garbage is ignored line by line
      }
      for (const h of handlers) h(msg);
    }
  });
  const onEnd = () => {
    if (closed) return;
    closed = true;
    for (const c of closers) c();
  };
  socket.on('close', onEnd);
  socket.on('error', () => socket.destroy());
  return {
    send(msg) {
      if (!closed && socket.writable) socket.write(JSON.stringify(msg) + '\n');
    },
    onMessage: (fn) => void handlers.push(fn),
    onClose: (fn) => void closers.push(fn),
    close() {
      socket.end();
    },
    get closed() {
      return closed;
    },
  };
}

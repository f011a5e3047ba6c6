// The runner's unix socket: <runDir>/runner.sock, mode 0600 inside a 0700 directory, so only
// the operator's own account can attach. Server for the runner, client for consoles.
import { createServer, createConnection, type Server } from 'node:net';
import { chmodSync, unlinkSync } from 'node:fs';
import { lineChannel, type LineChannel } from './line-channel.js';
import type { ClientMessage, ServerMessage } from '../../domain/runbook/runner-protocol.js';

export async function listenRunnerSocket(path: string, onClient: (ch: LineChannel<ClientMessage, ServerMessage>) => void): Promise<Server> {
  try {
    unlinkSync(path); // a socket file left by a runner that died
  } catch {
    /* none */
  }
  const server = createServer((socket) => onClient(lineChannel<ClientMessage, ServerMessage>(socket)));
  const old = process.umask(0o177); // created 0600 from the start, not chmod'ed after a window
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } finally {
    process.umask(old);
  }
  chmodSync(path, 0o600);
  return server;
}

export function connectRunner(path: string): Promise<LineChannel<ServerMessage, ClientMessage>> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(lineChannel<ServerMessage, ClientMessage>(socket));
    });
    socket.once('error', reject);
  });
}

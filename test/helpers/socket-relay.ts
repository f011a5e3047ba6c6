// A relay from a temp unix socket to a real one (the Docker engine's): cut() drops every
// connection, as an engine restart or a dropped SSH tunnel would.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SocketRelay {
  path: string;
  cut(): void;
  close(): Promise<void>;
}

export async function relay(target: string): Promise<SocketRelay> {
  const path = join(tmpdir(), `opsdeck-relay-${process.pid}-${Math.random().toString(16).slice(2)}.sock`);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(path, r));
  return {
    path,
    cut: () => sockets.forEach((s) => s.destroy()),
    close: () => new Promise<void>((r) => { sockets.forEach((s) => s.destroy()); server.close(() => { rmSync(path, { force: true }); r(); }); }),
  };
}

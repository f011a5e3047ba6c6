// Local keep-alive HTTP health endpoints for the benchmarks (health, home-idle, home-keys), served by a child process
// (the bench's own script run with --serve) so their CPU is not counted as the console's.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';

export interface HealthServerOptions {
  /** Servers that answer 200 with `body`. @default 4 */
  ok?: number;
  /** More servers, listed after those, that accept and never answer. @default 0 */
  hung?: number;
  /** @default '{"status":"ok"}' */
  body?: string;
}

/** In the `--serve` child: the servers; prints their ports (answering ones first), exits when stdin ends. */
export async function serveHealth(o: HealthServerOptions = {}): Promise<void> {
  const ok = o.ok ?? 4;
  const ports: number[] = [];
  for (let i = 0; i < ok + (o.hung ?? 0); i++) {
    const hung = i >= ok;
    const server = http.createServer((_req, res) => {
      if (hung) return; // never answers
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(o.body ?? '{"status":"ok"}');
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    ports.push((server.address() as { port: number }).port);
  }
  process.stdout.write(JSON.stringify(ports) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0)); // parent gone
}

/** In the bench: starts its own script with --serve (which calls serveHealth) and reads the ports. */
export async function startHealthServers(): Promise<{ ports: number[]; stop(): void }> {
  const child = spawn(process.execPath, [process.argv[1]!, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ports = JSON.parse(await new Promise<string>((r) => createInterface({ input: child.stdout! }).once('line', r))) as number[];
  return {
    ports,
    stop() {
      child.stdin!.end();
      child.kill();
    },
  };
}

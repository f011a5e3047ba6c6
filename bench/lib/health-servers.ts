// Local keep-alive HTTP health endpoints for the home-screen benchmarks, served by a child process
// (the bench's own script run with --serve) so their CPU is not counted as the console's.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';

/** In the `--serve` child: `count` servers answering {"status":"ok"}; prints their ports, exits when stdin ends. */
export async function serveHealth(count = 4): Promise<void> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    ports.push((server.address() as { port: number }).port);
  }
  process.stdout.write(JSON.stringify(ports) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
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

// The frame the home-screen benches (home-idle, home-keys) share: the console on a generated
// profile whose services check local keep-alive health servers, measured with ttybench for this
// build and, with OPSDECK_BIN_BEFORE, another one.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, ttybench } from './tty-harness.js';
import { serveHealth, startHealthServers } from './health-servers.js';

export interface HomeBenchSetup {
  /** The bench's temp dir (ttybench's result files go here). */
  dir: string;
  /** `dir`/ops, with profiles/ made: the `--dir` the console opens. */
  ops: string;
  /** The health servers' ports (each answers 200 `{"status":"ok"}`). */
  ports: number[];
  /** The ttybench script (found, else the bench has said so and stopped). */
  ttybench: string;
}

/**
 * In the `--serve` child (see startHealthServers), the health servers. Otherwise, when ttybench is
 * found: the servers and a fresh temp dir for `measure`, both gone after it.
 */
export async function homeBench(prefix: string, measure: (setup: HomeBenchSetup) => void | Promise<void>): Promise<void> {
  if (process.argv.includes('--serve')) return serveHealth();
  if (!ttybench) {
    console.log('ttybench not found (TTYBENCH=path/to/ttybench.py): skipped');
    return;
  }
  const servers = await startHealthServers();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const ops = join(dir, 'ops');
  mkdirSync(join(ops, 'profiles'), { recursive: true });
  try {
    await measure({ dir, ops, ports: servers.ports, ttybench });
  } finally {
    servers.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The builds to measure, as [label, launcher]: OPSDECK_BIN_BEFORE's first when set, then this one's. */
export function buildsToMeasure(): [label: string, launcher: string][] {
  return [...(process.env.OPSDECK_BIN_BEFORE ? [['before', process.env.OPSDECK_BIN_BEFORE] as [string, string]] : []), ['now', bin]];
}

/** A service's HTTP check on `port` every `interval`, as the lines under the service in profile YAML. */
export const httpCheckYaml = (port: number, interval: string): string =>
  `\n    health:\n      - http: { url: "http://127.0.0.1:${port}/health", body_contains: ok }\n        interval: ${interval}\n        timeout: 1s`;

/** ops/profiles/`name`.yaml: one environment (local) and `services` (each its YAML, indented two spaces). */
export function writeLocalProfile(ops: string, name: string, services: string[]): void {
  writeFileSync(join(ops, 'profiles', `${name}.yaml`), `name: ${name}\nenvironments:\n  local: {}\nservices:\n${services.join('\n')}\n`);
}

// A throwaway ops dir (profiles/ + runbooks/) and state dir for runner tests. Steps append a
// marker line to a file, so tests can count exactly how many times each step ran.
import { mkdirSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

export interface RunFixture {
  opsDir: string;
  stateDir: string;
  markers: string;
  env: NodeJS.ProcessEnv;
  /** How many times each step id wrote its marker. */
  counts(): Record<string, number>;
}

const PROFILE = `name: t
environments:
  local: { description: test env }
  prod: { protected: true }
secrets: [T_SECRET_TOKEN]
services:
  web:
    description: nothing to run
`;

/** A runbook of `steps` marker steps; each sleeps `sleep` seconds between two marker writes. */
export function markerRunbook(name: string, steps: number, o: { sleep?: number; confirmAt?: number[] } = {}): string {
  const lines = [`name: ${name}`, `title: ${name} test runbook`, 'steps:'];
  for (let i = 1; i <= steps; i++) {
    lines.push(`  - id: s${i}`);
    // Starts and finishes are marked separately: a step killed mid-way shows a start without an end.
    lines.push(`    shell: 'echo "start s${i}" >> "$MARKERS"; sleep ${o.sleep ?? 0}; echo "s${i}" >> "$MARKERS"; echo "step s${i} output"'`);
    if (o.confirmAt?.includes(i)) lines.push('    confirm: true');
  }
  return lines.join('\n') + '\n';
}

export function runFixture(runbooks: Record<string, string>, profile: (markers: string) => string = () => PROFILE): RunFixture {
  const opsDir = tempDir('opsdeck-ops-');
  const stateDir = tempDir('opsdeck-state-');
  const markers = join(opsDir, 'markers.txt');
  mkdirSync(join(opsDir, 'profiles'));
  mkdirSync(join(opsDir, 'runbooks'));
  writeFileSync(join(opsDir, 'profiles', 't.yaml'), profile(markers));
  for (const [name, text] of Object.entries(runbooks)) writeFileSync(join(opsDir, 'runbooks', `${name}.yaml`), text);
  return {
    opsDir,
    stateDir,
    markers,
    env: { ...process.env, OPSDECK_STATE_DIR: stateDir, OPSDECK_DIR: opsDir, OPSDECK_PROFILE: 't', MARKERS: markers, NO_COLOR: '1' },
    counts() {
      const out: Record<string, number> = {};
      if (!existsSync(markers)) return out;
      for (const l of readFileSync(markers, 'utf8').split('\n')) if (l && !l.startsWith('start ')) out[l] = (out[l] ?? 0) + 1;
      return out;
    },
  };
}

/**
 * For crash trials across step kinds: a profile whose process service `web` writes the marker
 * "s3" each time it starts, and a 6-step runbook with confirmations (s2, s5, answered by --yes)
 * and a service step (s3 restarts web).
 */
export const MIXED_PROFILE = (markers: string): string => `name: t
environments:
  local: { description: test env }
services:
  web:
    process: { command: [sh, -c, "echo s3 >> '${markers}'; exec sleep 300"] }
`;

export function mixedRunbook(name: string, o: { sleep?: number } = {}): string {
  const shell = (i: number) => `    shell: 'echo "start s${i}" >> "$MARKERS"; sleep ${o.sleep ?? 0}; echo "s${i}" >> "$MARKERS"; echo "step s${i} output"'`;
  const lines = [`name: ${name}`, `title: ${name} test runbook`, 'steps:'];
  for (let i = 1; i <= 6; i++) {
    lines.push(`  - id: s${i}`);
    lines.push(i === 3 ? '    service: { restart: [web] }' : shell(i));
    if (i === 2 || i === 5) lines.push('    confirm: true');
  }
  return lines.join('\n') + '\n';
}

/** Kills the process services a fixture's runs started (their pid files under the state dir). */
export function killFixtureServices(stateDir: string): void {
  const walk = (dir: string): string[] => {
    try {
      return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.pid') ? [join(dir, d.name)] : []));
    } catch {
      return [];
    }
  };
  for (const f of walk(join(stateDir, 'services'))) {
    try {
      process.kill(-JSON.parse(readFileSync(f, 'utf8')).pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

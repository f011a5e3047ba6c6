// A throwaway ops dir (profiles/ + runbooks/) and state dir for runner tests. Steps append a
// marker line to a file, so tests can count exactly how many times each step ran.
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
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

export function runFixture(runbooks: Record<string, string>): RunFixture {
  const opsDir = tempDir('opsdeck-ops-');
  const stateDir = tempDir('opsdeck-state-');
  const markers = join(opsDir, 'markers.txt');
  mkdirSync(join(opsDir, 'profiles'));
  mkdirSync(join(opsDir, 'runbooks'));
  writeFileSync(join(opsDir, 'profiles', 't.yaml'), PROFILE);
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

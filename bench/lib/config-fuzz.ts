// Config fuzz: seeded mutations of the shipped profiles and runbooks, each written to a temp ops
// dir and put through what `opsdeck validate` does and what the console does at start (select
// the profile, list its runbooks, plan each valid one). Counted: crashes (anything thrown that
// is not a ConfigError/UsageError), problems without file:line:col, and slow cases.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfileFile, selectProfile } from '../../src/adapters/fs/profile-loader.js';
import { loadRunbookFile, loadRunbooks } from '../../src/adapters/fs/runbook-loader.js';
import { ConfigError, UsageError, type ConfigProblem } from '../../src/domain/errors.js';
import { plan } from '../../src/domain/runbook/plan.js';
import { mulberry32 } from '../../test/helpers/prng.js';

export interface Seed {
  kind: 'profile' | 'runbook';
  name: string;
  text: string;
}

/** The shipped files: profiles/, runbooks/ and the examples' own. */
export function shippedSeeds(root: string): Seed[] {
  const out: Seed[] = [];
  const take = (dir: string, kind: Seed['kind']) => {
    try {
      for (const f of readdirSync(dir)) if (/\.ya?ml$/.test(f)) out.push({ kind, name: f.replace(/\.ya?ml$/, ''), text: readFileSync(join(dir, f), 'utf8') });
    } catch {
      /* absent */
    }
  };
  take(join(root, 'profiles'), 'profile');
  take(join(root, 'runbooks'), 'runbook');
  for (const ex of ['docker', 'postgres']) {
    take(join(root, 'examples', ex, 'profiles'), 'profile');
    take(join(root, 'examples', ex, 'runbooks'), 'runbook');
  }
  return out;
}

const JUNK = [':', '- ', '[', ']', '{', '}', '"', "'", '&a ', '*a', '!!binary ', '!!map ', '\t', '#', '|', '>', '? ', ',', '%YAML 1.2', '---', '...', '\u0000', '\u001b[2J', '{{ vars.', '{{ inputs.x }}', '}}', 'null', '~', '0x1F', '1e400', '-.inf', '2026-12-01', 'yes', '<<: *a'];
const VALUES = ['', '0', '-1', '65536', '1.5', 'true', 'null', '[]', '{}', '[a, b]', '{ a: 1 }', '"\\u0000"', '"x".repeat', 'x'.repeat(5000), '500', '5x', '2s', '1m30s', '-5s', '99999h', '"{{ vars.nope }}"', '"{{ inputs.nope }}"', '"{{"', '[[[[[[[[]]]]]]]]', '*undefined_alias', '&anchor 1', '!!str 1', '"/(?<n>a)\\\\k<m>/"', '"(a+)+$"', '"["'];

/** One mutation of `text`, chosen by `r`. */
export function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const pick = (n: number) => Math.floor(r() * n);
  let i = 0;
  const ops = [
    () => lines.splice(i, 1),
    () => lines.splice(i, 0, lines[pick(lines.length)]!),
    () => {
      const j = pick(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    },
    () => (lines[i] = (r() < 0.5 ? ' ' : '   ') + lines[i]),
    () => (lines[i] = lines[i]!.replace(/^\s{1,2}/, '')),
    () => {
      const l = lines[i]!;
      const at = pick(l.length + 1);
      lines[i] = l.slice(0, at) + JUNK[pick(JUNK.length)] + l.slice(at);
    },
    () => (lines[i] = lines[i]!.replace(/:\s.*$/, `: ${VALUES[pick(VALUES.length)]}`)),
    () => (lines[i] = lines[i]!.replace(/^(\s*-?\s*)[\w-]+/, (_m, pre: string) => `${pre}${['name', 'id', 'steps', 'services', 'run', 'shell', 'rollback', 'health', 'env_file', 'inherit_env', 'depends_on', 'environments', 'inputs', 'x', ''][pick(15)]}`)),
    () => lines.splice(pick(lines.length)),
    () => lines.splice(i, 0, `${' '.repeat(pick(8))}${'['.repeat(1 + pick(3000))}`),
    () => lines.splice(i, 0, `${' '.repeat(pick(6))}k${pick(9)}: &a [*a, *a]`),
  ];
  const n = 1 + pick(3);
  for (let k = 0; k < n; k++) {
    if (lines.length === 0) lines.push('');
    i = pick(lines.length);
    ops[pick(ops.length)]!();
  }
  return lines.join('\n');
}

export interface CaseResult {
  crash?: string;
  unpositioned: ConfigProblem[];
  ms: number;
}

const positioned = (p: ConfigProblem) => typeof p.file === 'string' && p.file.length > 0 && Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.col) && p.col >= 1;

/** One mutated file, in a fresh ops dir beside the other shipped seeds of its kind' partner. */
export function runCase(ops: string, seed: Seed, mutated: string, profileText: string): CaseResult {
  rmSync(join(ops, 'profiles'), { recursive: true, force: true });
  rmSync(join(ops, 'runbooks'), { recursive: true, force: true });
  mkdirSync(join(ops, 'profiles'));
  mkdirSync(join(ops, 'runbooks'));
  const file = join(ops, `${seed.kind}s`, `${seed.name}.yaml`);
  writeFileSync(file, mutated);
  if (seed.kind === 'runbook') writeFileSync(join(ops, 'profiles', 'p.yaml'), profileText);
  const unpositioned: ConfigProblem[] = [];
  const t0 = performance.now();
  try {
    // What `opsdeck validate` does.
    const loaded = seed.kind === 'profile' ? loadProfileFile(file) : loadRunbookFile(file, [loadProfileFile(join(ops, 'profiles', 'p.yaml')).profile!].filter(Boolean));
    unpositioned.push(...loaded.problems.filter((p) => !positioned(p)));
    // What the console does at start.
    try {
      const profile = selectProfile(ops, undefined);
      for (const rb of loadRunbooks(ops, profile)) {
        unpositioned.push(...rb.problems.filter((p) => !positioned(p)));
        if (!rb.runbook) continue;
        const env = Object.values(profile.environments)[0]!;
        const inputs = Object.fromEntries(rb.runbook.inputs.map((i) => [i.name, i.default ?? i.choices?.[0] ?? 'x']));
        plan(rb.runbook, env, inputs);
      }
    } catch (e) {
      if (e instanceof ConfigError) unpositioned.push(...e.problems.filter((p) => !positioned(p)));
      else if (!(e instanceof UsageError)) throw e;
    }
  } catch (e) {
    return { crash: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e), unpositioned, ms: performance.now() - t0 };
  }
  return { unpositioned, ms: performance.now() - t0 };
}

export interface FuzzFigures {
  cases: number;
  crashes: number;
  unpositioned: number;
  slow: number;
  maxMs: number;
  examples: string[];
}

export function fuzz(root: string, cases: number, seed = 1, slowMs = 10_000): FuzzFigures {
  const seeds = shippedSeeds(root);
  const profileText = seeds.find((s) => s.kind === 'profile' && s.name === 'demo')?.text ?? seeds.find((s) => s.kind === 'profile')!.text;
  const ops = mkdtempSync(join(tmpdir(), 'opsdeck-fuzz-'));
  const r = mulberry32(seed);
  const figures: FuzzFigures = { cases: 0, crashes: 0, unpositioned: 0, slow: 0, maxMs: 0, examples: [] };
  try {
    for (let n = 0; n < cases; n++) {
      const s = seeds[n % seeds.length]!;
      const text = mutate(s.text, r);
      const res = runCase(ops, s, text, profileText);
      figures.cases++;
      figures.maxMs = Math.max(figures.maxMs, res.ms);
      if (res.ms > slowMs) figures.slow++;
      if (res.crash) figures.crashes++;
      if (res.unpositioned.length) figures.unpositioned++;
      if ((res.crash || res.unpositioned.length || res.ms > slowMs) && figures.examples.length < 10) {
        figures.examples.push(`case ${n} (${s.kind} ${s.name}): ${res.crash ?? (res.unpositioned.length ? `no position: ${res.unpositioned[0]!.message}` : `${res.ms.toFixed(0)} ms`)}`);
      }
    }
  } finally {
    rmSync(ops, { recursive: true, force: true });
  }
  return figures;
}

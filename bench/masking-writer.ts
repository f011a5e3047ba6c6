// The memory one masking log writer costs (one runs beside every process service). Two parts:
// 1. the masker itself: heap and RSS before/after creating it with N declared secrets (each
//    with its ~12 encoded forms in the one combined matcher), and after masking 10,000 lines;
// 2. the writer process: RSS, PSS (its share of pages shared with other processes) and private
//    anonymous memory, fed 2,000 lines, as the CLI entry (`bin/opsdeck.js __service-log`, how
//    it was started before), as its own program (dist/tools/service-log.js, how it is started
//    now), and bare `node` reading stdin for comparison.
// Run: npm run bench -- masking-writer
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRedactor } from '../src/domain/text/redaction.js';
import { createLineMasker } from '../src/domain/text/line-masker.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
const secretsOf = (n: number): string[] => Array.from({ length: n }, (_, i) => `S3cr3t-${i}-${(i * 7919).toString(36)}-v4lue`);

if (process.argv[2] === '--masker') {
  // Child: one masker in a fresh process (run with --expose-gc).
  const n = Number(process.argv[3]);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const secrets = secretsOf(n);
  gc();
  const before = process.memoryUsage();
  const masker = createLineMasker(createRedactor(secrets));
  gc();
  const created = process.memoryUsage();
  let out = 0;
  for (let i = 0; i < 10_000; i++) out += masker.line(`2026-12-01T12:00:00Z INFO req ${i} user=bob took ${i % 97}ms token=${secrets[i % Math.max(1, n)] ?? 'x'} done`).length;
  gc();
  const used = process.memoryUsage();
  process.stdout.write(JSON.stringify({ n, out, createHeap: created.heapUsed - before.heapUsed, createRss: created.rss - before.rss, usedHeap: used.heapUsed - before.heapUsed, usedRss: used.rss - before.rss }));
  process.exit(0);
}

console.log('masker (one process each, --expose-gc)       heap Δ create   RSS Δ create   heap Δ +10k lines   RSS Δ +10k lines');
for (const n of [2, 20, 200]) {
  const r = spawnSync(process.execPath, ['--expose-gc', import.meta.filename, '--masker', String(n)], { encoding: 'utf8' });
  const m = JSON.parse(r.stdout) as { createHeap: number; createRss: number; usedHeap: number; usedRss: number };
  console.log(`  ${String(n).padStart(3)} secrets                                ${mb(m.createHeap).padStart(6)} MB      ${mb(m.createRss).padStart(6)} MB       ${mb(m.usedHeap).padStart(6)} MB         ${mb(m.usedRss).padStart(6)} MB`);
}

interface Rollup {
  rss: number;
  pss: number;
  anon: number;
}

function rollup(pid: number): Rollup {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('Rss'), pss: kb('Pss'), anon: kb('Anonymous') };
}

/** Starts `args`, feeds it 2,000 lines, waits until it wrote them (or for a moment), measures it. */
async function measure(args: string[], out: string | undefined): Promise<Rollup> {
  const secrets = secretsOf(20);
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'ignore', 'inherit'], env: { PATH: process.env.PATH, NODE_ENV: 'production', OPSDECK_MASK_VALUES: JSON.stringify(secrets) } });
  for (let i = 0; i < 2000; i++) child.stdin.write(`line ${i} password=${secrets[i % 20]} GET /api/orders took 12ms\n`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const done = out ? existsSync(out) && readFileSync(out, 'utf8').split('\n').length > 2000 : Date.now() > deadline - 9000;
    if (done || Date.now() > deadline) break;
  }
  await new Promise((r) => setTimeout(r, 300));
  const m = rollup(child.pid!);
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  return m;
}

const dir = mkdtempSync(join(tmpdir(), 'opsdeck-writer-bench-'));
try {
  const rows: [string, Rollup][] = [
    ['bare node reading stdin', await measure(['-e', 'process.stdin.resume()'], undefined)],
    ['writer as CLI entry (before)', await measure([join(ROOT, 'bin', 'opsdeck.js'), '__service-log', join(dir, 'a.log')], join(dir, 'a.log'))],
    ['writer as own program (now)', await measure([join(ROOT, 'dist', 'tools', 'service-log.js'), join(dir, 'b.log')], join(dir, 'b.log'))],
  ];
  console.log('\nwriter process, 20 secrets, 2,000 lines     RSS        PSS        private anon');
  for (const [name, r] of rows) console.log(`  ${name.padEnd(40)} ${mb(r.rss).padStart(5)} MB   ${mb(r.pss).padStart(5)} MB   ${mb(r.anon).padStart(5)} MB`);
  console.log('RSS counts the node binary\'s pages every node process shares; PSS is the fair share.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

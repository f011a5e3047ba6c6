// Audit tampering against the real binary: a state dir gets a real audit log from real runs
// (`opsdeck run`, one with a 100 KB input, then `opsdeck unlock` of nothing), then each of the
// issue's eight tamperings is applied to a fresh copy by someone without the host key, and
// `opsdeck audit verify` must exit 1. Also a few more (head deleted with the tail, everything
// but the journals deleted, the key deleted, MACs stripped) and the untouched copy (must pass).
// Run: npm run bench -- audit-tamper   (prints detected x/8, and x/N for the extra ones)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashEntry, type AuditEntry } from '../src/domain/audit/audit-chain.js';

const bin = fileURLToPath(new URL('../../bin/opsdeck.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'opsdeck-audit-tamper-'));
const ops = join(root, 'ops');
const base = join(root, 'state');
mkdirSync(join(ops, 'profiles'), { recursive: true });
mkdirSync(join(ops, 'runbooks'));
writeFileSync(join(ops, 'profiles', 'b.yaml'), 'name: b\nenvironments:\n  local: {}\nservices: {}\n');
writeFileSync(join(ops, 'runbooks', 'rb.yaml'), 'name: rb\ninputs:\n  - { name: v, default: x }\nsteps:\n  - { id: one, shell: "echo one" }\n  - { id: two, shell: "echo ${#OPSDECK_INPUT_V}" }\n');
const opsdeck = (state: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args, '--dir', ops], { env: { ...process.env, OPSDECK_STATE_DIR: state, NO_COLOR: '1' }, encoding: 'utf8' });
for (const v of ['small', 'x'.repeat(100 * 1024), 'after-the-big-one']) {
  const r = opsdeck(base, 'run', 'rb', '--env', 'local', '--input', `v=${v}`);
  if (r.status !== 0) throw new Error(`run failed: ${r.stderr}`);
}
const log = (d: string) => join(d, 'audit.jsonl');
const lines = (d: string) => readFileSync(log(d), 'utf8').split('\n').filter(Boolean);
const put = (d: string, ls: string[]) => writeFileSync(log(d), ls.map((l) => `${l}\n`).join(''));
/** What a tamperer without the key can do: recompute the hash, keep (or drop) the old MAC. */
const rehash = (e: AuditEntry): AuditEntry => ({ ...e, hash: hashEntry(e) });

const untouched = opsdeck(base, 'audit', 'verify');
const entries = lines(base).length;
const biggest = Math.max(...lines(base).map((l) => l.length));
console.log(`audit log of ${entries} entries (largest ${biggest} characters); untouched: exit ${untouched.status} — ${untouched.stdout.split('\n')[0]}`);

const issue: Record<string, (d: string) => void> = {
  'edit an entry': (d) => put(d, lines(d).map((l, i) => (i === 2 ? JSON.stringify({ ...(JSON.parse(l) as AuditEntry), user: 'alice' }) : l))),
  'delete an entry': (d) => put(d, lines(d).filter((_, i) => i !== 3)),
  reorder: (d) => {
    const l = lines(d);
    [l[2], l[3]] = [l[3]!, l[2]!];
    put(d, l);
  },
  'truncate (cut the tail)': (d) => put(d, lines(d).slice(0, -3)),
  empty: (d) => writeFileSync(log(d), ''),
  'delete the file': (d) => unlinkSync(log(d)),
  'forge an entry with a recomputed hash': (d) => {
    const l = lines(d);
    const last = JSON.parse(l.at(-1)!) as AuditEntry;
    const forged = rehash({ ...last, seq: last.seq + 1, prev: last.hash, action: 'run.start', runbook: 'forged', ts: new Date().toISOString(), mac: undefined });
    put(d, [...l, JSON.stringify(forged)]);
  },
  'rewrite the whole chain': (d) => {
    let prev = '0'.repeat(64);
    put(d, lines(d).map((l) => {
      const e = rehash({ ...(JSON.parse(l) as AuditEntry), user: 'mallory', prev, mac: undefined });
      prev = e.hash;
      return JSON.stringify(e);
    }));
  },
};
const extra: Record<string, (d: string) => void> = {
  'cut the tail and delete audit.head': (d) => {
    put(d, lines(d).slice(0, -3));
    unlinkSync(join(d, 'audit.head'));
  },
  'delete log, head and key (journals kept)': (d) => ['audit.jsonl', 'audit.head', 'audit.key'].forEach((f) => unlinkSync(join(d, f))),
  'delete the key': (d) => unlinkSync(join(d, 'audit.key')),
  'rewrite the chain keeping the old MACs': (d) => {
    let prev = '0'.repeat(64);
    put(d, lines(d).map((l) => {
      const e = rehash({ ...(JSON.parse(l) as AuditEntry), user: 'mallory', prev });
      prev = e.hash;
      return JSON.stringify(e);
    }));
  },
};

function attack(set: Record<string, (d: string) => void>): number {
  let detected = 0;
  for (const [name, tamper] of Object.entries(set)) {
    const d = join(root, name.replace(/\W+/g, '-'));
    cpSync(base, d, { recursive: true, filter: (s) => !s.endsWith('.sock') });
    tamper(d);
    const r = opsdeck(d, 'audit', 'verify');
    const caught = r.status === 1;
    if (caught) detected++;
    console.log(`  ${caught ? 'detected' : 'MISSED  '} ${name}: exit ${r.status} — ${(r.stdout + r.stderr).split('\n')[0]!.replace(d, '<state>').slice(0, 160)}`);
  }
  return detected;
}

console.log('the issue\'s eight tamperings (no key):');
const a = attack(issue);
console.log('more:');
const b = attack(extra);
console.log(`audit tampering detected ${a}/${Object.keys(issue).length} (issue's list) and ${b}/${Object.keys(extra).length} more; untouched log ${untouched.status === 0 ? 'intact' : 'REPORTED BROKEN'} across a ${biggest}-character entry`);
rmSync(root, { recursive: true, force: true });
if (a < Object.keys(issue).length || untouched.status !== 0) process.exitCode = 1;

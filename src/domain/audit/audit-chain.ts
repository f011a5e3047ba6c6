// The audit log's hash chain: each entry carries the sha256 of the previous entry and its own
// hash over everything else, so an edited, removed or reordered entry breaks the chain; and an
// HMAC of that hash with the host's secret key, so an entry (or a whole chain) recomputed by
// someone without the key shows too.
// (node:crypto is the one node import allowed here: hashing is pure.)
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export const GENESIS = '0'.repeat(64);

/** What happened; who/where is filled in by the adapter from the process. */
export interface AuditFacts {
  /** e.g. run.start, step.confirm, step.finish, run.finish, lock.takeover, unlock.force */
  action: string;
  profile?: string;
  environment?: string;
  runbook?: string;
  runId?: string;
  step?: string;
  command?: string;
  /** The confirmation given: "y", a typed environment name, a flag such as --yes. */
  confirmation?: string;
  change?: string;
  outcome?: string;
  detail?: string;
}

export interface AuditWho {
  user: string;
  sudoUser?: string;
  sshClient?: string;
  host: string;
}

export interface AuditEntry extends AuditFacts, AuditWho {
  seq: number;
  ts: string;
  prev: string;
  hash: string;
  /** HMAC-SHA256(host key, hash). Absent only on entries written before keys existed. */
  mac?: string;
}

/** The newest entry, as sealed in audit.head and in run journals. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const { hash: _drop, mac: _mac, ...rest } = entry as AuditEntry;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

export function macOf(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

export function macMatches(key: Buffer, text: string, mac: unknown): boolean {
  if (typeof mac !== 'string' || mac.length !== 64) return false;
  return timingSafeEqual(Buffer.from(macOf(key, text), 'hex'), Buffer.from(mac, 'hex'));
}

/** What seals a head: count and hash under the key (a head file cannot be lowered without it). */
export const headText = (h: AuditHead): string => `audit-head:${h.seq}:${h.hash}`;

export function chainEntry(previous: AuditEntry | undefined, body: Omit<AuditEntry, 'seq' | 'prev' | 'hash' | 'mac'>, key?: Buffer): AuditEntry {
  const partial = { ...body, seq: previous ? previous.seq + 1 : 1, prev: previous ? previous.hash : GENESIS };
  const hash = hashEntry(partial);
  return { ...partial, hash, ...(key ? { mac: macOf(key, hash) } : {}) };
}

export interface ChainProblem {
  /** 1-based line number in the log. */
  line: number;
  message: string;
}

/**
 * Checks a parsed log (one item per line; `undefined` for a line that is not JSON).
 * Reports the first line of every break, saying what kind of break it looks like.
 */
/** The host key, and the first entry it signed (entries before it predate keys). */
export interface AuditKey {
  key: Buffer;
  firstSeq: number;
}

export function verifyChain(lines: (AuditEntry | undefined)[], hostKey?: AuditKey): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS;
  let prevSeq = 0;
  const key = hostKey?.key;
  lines.forEach((e, i) => {
    const line = i + 1;
    if (!e || typeof e !== 'object' || typeof e.hash !== 'string') {
      problems.push({ line, message: 'not a valid audit entry (damaged or edited)' });
      return;
    }
    const edited = hashEntry(e) !== e.hash;
    if (edited) problems.push({ line, message: `entry ${e.seq} was edited: its content does not match its hash` });
    const mustBeKeyed = hostKey && (e.mac !== undefined || !(typeof e.seq === 'number' && e.seq < hostKey.firstSeq));
    if (key && mustBeKeyed && !edited && !macMatches(key, e.hash, e.mac)) {
      problems.push({ line, message: `entry ${e.seq} was not written with this host's audit key: forged or rewritten (its hash was recomputed)` });
    }
    if (e.prev !== prevHash) {
      if (typeof e.seq === 'number' && e.seq < prevSeq + 1) problems.push({ line, message: `entry ${e.seq} is out of order (expected entry ${prevSeq + 1}): entries were reordered` });
      else if (typeof e.seq === 'number' && e.seq > prevSeq + 1)
        problems.push({ line, message: `entry ${prevSeq + 1}${e.seq - prevSeq > 2 ? `–${e.seq - 1}` : ''} missing before this line: entries were removed` });
      else problems.push({ line, message: `entry ${e.seq} does not follow the previous entry (previous hash mismatch)` });
    }
    prevHash = e.hash;
    prevSeq = typeof e.seq === 'number' ? e.seq : prevSeq + 1;
  });
  return problems;
}

// The audit log: <stateDir>/audit.jsonl, append-only, hash-chained, each entry HMAC'd with the
// host key (audit.key, 0600), secrets masked before writing. The newest entry's count and hash
// are sealed in audit.head (HMAC'd too) and in every run's journal, so cutting the tail,
// emptying or deleting the log shows. Appenders from many processes serialize on audit.lock so
// the chain never forks; entries may be of any size. Optionally forwarded to syslog (logger).
import { closeSync, fsyncSync, readSync, fstatSync, writeSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { stateDir, openStateFile, readStateJson, writeNewStateFile } from './state-dir.js';
import { withFileMutex } from './file-mutex.js';
import { chainEntry, headText, macMatches, macOf, verifyChain, type AuditEntry, type AuditFacts, type AuditHead, type AuditKey, type ChainProblem } from '../../domain/audit/audit-chain.js';
import { currentOperator } from '../system/process-identity.js';
import { forwardToSyslog } from '../system/syslog-forward.js';
import type { Redactor } from '../../domain/text/redaction.js';

export function auditPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'audit.jsonl');
}

export interface AuditLogOptions {
  file?: string;
  redactor?: Redactor;
  env?: NodeJS.ProcessEnv;
}

/** A head recorded elsewhere (a run's journal), to check against the log. */
export interface SealedHead {
  where: string;
  head: AuditHead;
}

export interface AuditVerification {
  entries: number;
  problems: ChainProblem[];
  head?: AuditHead;
  /** How many sealed heads (head file + run journals) were checked. */
  sealsChecked: number;
  keyed: boolean;
}

export class AuditLog {
  readonly file: string;
  readonly keyFile: string;
  readonly headFile: string;
  constructor(private readonly options: AuditLogOptions = {}) {
    this.file = options.file ?? auditPath(options.env);
    this.keyFile = join(this.file, '..', 'audit.key');
    this.headFile = join(this.file, '..', 'audit.head');
  }

  append(facts: AuditFacts): AuditEntry {
    const who = currentOperator(this.options.env);
    const masked = maskFacts(facts, this.options.redactor);
    const entry = withFileMutex(`${this.file}.lock`, () => {
      const fd = openStateFile(this.file, 'append-read');
      try {
        const { last, tornTail } = readLastEntry(fd);
        const key = this.key(last ? last.seq + 1 : 1);
        const entry = chainEntry(last, { ts: new Date().toISOString(), ...who, ...masked }, key.key);
        // A torn tail (crash mid-write) stays visible to `audit verify`; never glue onto it.
        const buf = Buffer.from(`${tornTail ? '\n' : ''}${JSON.stringify(entry)}\n`);
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
        fsyncSync(fd);
        this.writeHead(key, { seq: entry.seq, hash: entry.hash });
        return entry;
      } finally {
        closeSync(fd);
      }
    });
    forwardToSyslog(entry, this.options.env ?? process.env);
    return entry;
  }

  /** The newest entry's count and hash (what journals seal), from the head file. */
  head(): AuditHead | undefined {
    const h = readStateJson<AuditHead & { mac?: string }>(this.headFile);
    return h && typeof h.seq === 'number' && typeof h.hash === 'string' ? { seq: h.seq, hash: h.hash } : undefined;
  }

  verify(sealed: readonly SealedHead[] = []): AuditVerification {
    const problems: ChainProblem[] = [];
    const logExists = existsSync(this.file);
    const key = this.readKey();
    const headRaw = readStateJson<AuditHead & { mac?: string }>(this.headFile);
    const parsed = logExists ? parseLog(readFileSync(this.file, 'utf8')) : [];
    const fileProblem = (message: string) => problems.push({ line: 0, message });
    if (!logExists && (key || headRaw || sealed.length)) fileProblem(`the audit log ${this.file} is missing (deleted?) although ${headRaw ? `its head file records ${headRaw.seq} entries` : key ? 'its host key exists' : `${sealed.length} run journal(s) recorded entries`}`);
    if (!key && (parsed.length || headRaw)) fileProblem(`the host key ${this.keyFile} is missing: entries cannot be authenticated`);
    problems.push(...verifyChain(parsed, key));
    const byseq = new Map<number, AuditEntry>();
    for (const e of parsed) if (e && typeof e.seq === 'number') byseq.set(e.seq, e);
    let seals = 0;
    const check = (where: string, h: AuditHead): void => {
      seals++;
      const e = byseq.get(h.seq);
      if (!e) fileProblem(`${where} records entry ${h.seq}, which the log does not have: the log was cut (truncated, emptied or replaced)`);
      else if (e.hash !== h.hash) fileProblem(`${where} records entry ${h.seq} with hash ${h.hash.slice(0, 12)}…, the log has ${String(e.hash).slice(0, 12)}…: the log was rewritten`);
    };
    if (headRaw) {
      if (key && !macMatches(key.key, headText(headRaw), headRaw.mac)) fileProblem(`the head file ${this.headFile} was not written with this host's key (forged)`);
      check(`the head file ${this.headFile}`, headRaw);
      const last = parsed[parsed.length - 1];
      if (last && typeof last.seq === 'number' && last.seq < headRaw.seq) fileProblem(`the log ends at entry ${last.seq} but its head records ${headRaw.seq}: entries were cut from the end`);
    } else if (parsed.length && key) fileProblem(`the head file ${this.headFile} is missing (deleted?): truncation cannot be ruled out by it`);
    for (const s of sealed) check(s.where, s.head);
    return { entries: parsed.length, problems, head: headRaw ? { seq: headRaw.seq, hash: headRaw.hash } : undefined, sealsChecked: seals, keyed: !!key };
  }

  private readKey(): AuditKey | undefined {
    const k = readStateJson<{ key: string; firstSeq: number }>(this.keyFile);
    return k && typeof k.key === 'string' ? { key: Buffer.from(k.key, 'hex'), firstSeq: Number(k.firstSeq) || 1 } : undefined;
  }

  /** The host key; created (0600, never through a symlink) with the first keyed entry. */
  private key(nextSeq: number): AuditKey {
    const existing = this.readKey();
    if (existing) return existing;
    const created = { version: 1, key: randomBytes(32).toString('hex'), firstSeq: nextSeq, createdAt: new Date().toISOString() };
    const fd = openStateFile(this.keyFile, 'create-new');
    try {
      writeSync(fd, JSON.stringify(created) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return { key: Buffer.from(created.key, 'hex'), firstSeq: nextSeq };
  }

  private writeHead(key: AuditKey, head: AuditHead): void {
    const tmp = `${this.headFile}.${process.pid}.tmp`;
    writeNewStateFile(tmp, JSON.stringify({ version: 1, ...head, mac: macOf(key.key, headText(head)) }) + '\n');
    renameSync(tmp, this.headFile);
  }
}


function parseLog(text: string): (AuditEntry | undefined)[] {
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  return raw.map((line) => {
    try {
      return JSON.parse(line) as AuditEntry;
    } catch {
      return undefined;
    }
  });
}

function maskFacts(facts: AuditFacts, redactor: Redactor | undefined): AuditFacts {
  if (!redactor) return facts;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) out[k] = typeof v === 'string' ? redactor.redact(v) : v;
  return out as unknown as AuditFacts;
}

const CHUNK = 1 << 16;

/** Lines from the end of the file backwards, read in chunks: a line may be of any length. */
function* linesFromEnd(fd: number, size: number): Generator<string> {
  let pos = size;
  let carry = Buffer.alloc(0);
  while (pos > 0) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    const chunk = Buffer.alloc(len);
    readSync(fd, chunk, 0, len, pos);
    carry = Buffer.concat([chunk, carry]);
    for (let nl = carry.lastIndexOf(0x0a); nl >= 0; nl = carry.lastIndexOf(0x0a)) {
      yield carry.subarray(nl + 1).toString('utf8');
      carry = carry.subarray(0, nl);
    }
  }
  yield carry.toString('utf8');
}

function readLastEntry(fd: number): { last?: AuditEntry; tornTail: boolean } {
  const size = fstatSync(fd).size;
  if (size === 0) return { tornTail: false };
  const lines = linesFromEnd(fd, size);
  // The text after the final newline: empty, or a line torn by a crash.
  const tornTail = lines.next().value !== '';
  // Walk back to the last complete, parseable entry: that is what the chain continues from.
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const e = JSON.parse(line) as AuditEntry;
      if (typeof e.hash === 'string') return { last: e, tornTail };
    } catch {
      /* keep looking */
    }
  }
  return { tornTail };
}

// The audit log: <stateDir>/audit.jsonl, append-only, hash-chained, secrets masked before
// writing. Appenders from many processes serialize on audit.lock so the chain never forks.
import { closeSync, fsyncSync, openSync, readSync, fstatSync, writeSync, existsSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './state-dir.js';
import { withFileMutex } from './file-mutex.js';
import { chainEntry, verifyChain, type AuditEntry, type AuditFacts, type ChainProblem } from '../../domain/audit/audit-chain.js';
import { currentOperator } from '../system/process-identity.js';
import type { Redactor } from '../../domain/text/redaction.js';

export function auditPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, 'audit.jsonl');
}

export interface AuditLogOptions {
  file?: string;
  redactor?: Redactor;
  env?: NodeJS.ProcessEnv;
}

export class AuditLog {
  readonly file: string;
  constructor(private readonly options: AuditLogOptions = {}) {
    this.file = options.file ?? auditPath(options.env);
  }

  append(facts: AuditFacts): AuditEntry {
    const who = currentOperator(this.options.env);
    const masked = maskFacts(facts, this.options.redactor);
    return withFileMutex(`${this.file}.lock`, () => {
      const fd = openSync(this.file, 'a+', 0o600);
      try {
        const { last, tornTail } = readLastLine(fd);
        const entry = chainEntry(last, { ts: new Date().toISOString(), ...who, ...masked });
        // A torn tail (crash mid-write) stays visible to `audit verify`; never glue onto it.
        const buf = Buffer.from(`${tornTail ? '\n' : ''}${JSON.stringify(entry)}\n`);
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
        fsyncSync(fd);
        return entry;
      } finally {
        closeSync(fd);
      }
    });
  }

  verify(): { entries: number; problems: ChainProblem[] } {
    if (!existsSync(this.file)) return { entries: 0, problems: [] };
    const text = readFileSync(this.file, 'utf8');
    const raw = text.split('\n');
    if (raw[raw.length - 1] === '') raw.pop();
    const parsed = raw.map((line) => {
      try {
        return JSON.parse(line) as AuditEntry;
      } catch {
        return undefined;
      }
    });
    return { entries: parsed.length, problems: verifyChain(parsed) };
  }
}

function maskFacts(facts: AuditFacts, redactor: Redactor | undefined): AuditFacts {
  if (!redactor) return facts;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) out[k] = typeof v === 'string' ? redactor.redact(v) : v;
  return out as unknown as AuditFacts;
}

function readLastLine(fd: number): { last?: AuditEntry; tornTail: boolean } {
  const size = fstatSync(fd).size;
  if (size === 0) return { tornTail: false };
  const len = Math.min(size, 1 << 16);
  const buf = Buffer.alloc(len);
  readSync(fd, buf, 0, len, size - len);
  const text = buf.toString('utf8');
  const tornTail = !text.endsWith('\n');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  // Walk back to the last complete, parseable entry: that is what the chain continues from.
  for (let i = lines.length - 1 - (tornTail ? 1 : 0); i >= 0; i--) {
    try {
      const e = JSON.parse(lines[i]!) as AuditEntry;
      if (typeof e.hash === 'string') return { last: e, tornTail };
    } catch {
      /* keep looking */
    }
  }
  return { tornTail };
}

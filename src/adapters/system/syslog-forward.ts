// An off-host copy of each audit entry through syslog (`logger`), when OPSDECK_AUDIT_SYSLOG is
// set: `1` → the local syslog (authpriv.notice, tag opsdeck-audit), `udp://HOST:PORT` → a remote
// syslog server directly. Fire and forget: a missing `logger` never blocks an action. A log
// rewritten on this host no longer matches the copy the syslog server holds.
import { spawn } from 'node:child_process';
import type { AuditEntry } from '../../domain/audit/audit-chain.js';

/** syslog messages are short: a big entry is forwarded as its identity (seq, hash, mac, what). */
const MAX_MESSAGE = 4000;

export function syslogArgs(setting: string | undefined): string[] | undefined {
  if (!setting || setting === '0') return undefined;
  const base = ['-t', 'opsdeck-audit', '-p', 'authpriv.notice', '--size', String(MAX_MESSAGE + 200)];
  const udp = /^udp:\/\/([^:/]+):(\d+)$/.exec(setting);
  if (udp) return [...base, '-d', '-n', udp[1]!, '-P', udp[2]!];
  return base;
}

export function syslogMessage(entry: AuditEntry): string {
  const full = JSON.stringify(entry);
  if (full.length <= MAX_MESSAGE) return full;
  const { seq, ts, action, runId, step, user, host, outcome, prev, hash, mac } = entry;
  return JSON.stringify({ seq, ts, action, runId, step, user, host, outcome, prev, hash, mac, cut: `entry of ${full.length} characters: the full entry is in the audit log` });
}

export function forwardToSyslog(entry: AuditEntry, env: NodeJS.ProcessEnv): void {
  const args = syslogArgs(env.OPSDECK_AUDIT_SYSLOG);
  if (!args) return;
  try {
    const child = spawn('logger', [...args, '--', syslogMessage(entry)], { stdio: 'ignore', detached: false });
    child.on('error', () => {});
    child.unref();
  } catch {
    /* no logger on this host: the local log and its seals still stand */
  }
}

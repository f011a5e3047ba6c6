// `opsdeck unlock --env E --force`: clears an environment's run lock, after showing who holds
// it. Refuses without --force; every forced unlock is written to the audit log.
import { writeSafe } from '../safe-write.js';
import { unlinkSync } from 'node:fs';
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { loadContext } from '../command-context.js';
import { describeHolder, inspectLock, lockPath } from '../../adapters/fs/env-lock.js';
import { AuditLog } from '../../adapters/fs/audit-log.js';
import { refuseIfReadOnly } from '../read-only-guard.js';

const HELP = `Usage: opsdeck unlock --env E --force [--profile NAME]

Removes the lock that keeps a second mutating run off environment E. Shows the holder first;
does nothing without --force. Every forced unlock is recorded in the audit log.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('unlock', args, { force: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  if (!values.env) throw new UsageError('unlock: --env is required', 'opsdeck unlock --env E --force');
  const { profile, environment } = loadContext(values);
  refuseIfReadOnly(`unlock ${environment.name}`, environment, values);
  const file = lockPath(profile.name, environment.name);
  const info = inspectLock(file);
  if (!info) {
    process.stdout.write(`environment ${environment.name} is not locked\n`);
    return EXIT.ok;
  }
  const n = info.living.length;
  const state = info.stale
    ? 'stale: the holder is dead'
    : n
      ? `the holder is dead, but ${n} process${n === 1 ? '' : 'es'} of its run still run${n === 1 ? 's' : ''} (${info.living.map((p) => `pid ${p.pid}: ${p.command}`).join('; ')}): its step may still be changing things`
      : 'the holder is ALIVE';
  writeSafe(process.stdout, `lock on ${profile.name}/${environment.name}: ${describeHolder(info.holder)} — ${state}\n`);
  if (!values.force) {
    process.stderr.write('refusing to unlock without --force\n');
    return EXIT.failed;
  }
  unlinkSync(file);
  new AuditLog().append({
    action: 'unlock.force',
    profile: profile.name,
    environment: environment.name,
    runbook: info.holder.runbook,
    runId: info.holder.runId,
    outcome: 'unlocked',
    detail: `removed lock held by ${describeHolder(info.holder)} (${state})`,
  });
  process.stdout.write(`unlocked ${environment.name} (recorded in the audit log)\n`);
  return EXIT.ok;
}

// Ending a service's whole process group: SIGTERM, a grace period, then SIGKILL. Only members
// that started no earlier than the recorded leader are counted, never an unrelated older group.
import { StepFailedError, errorMessage } from '../../domain/errors.js';
import { groupMembers } from '../system/proc-info.js';

const KILL_GRACE_MS = 3000;

export async function stopProcessGroup(name: string, pgid: number, notBefore: number | undefined, stopTimeoutMs: number): Promise<void> {
  const members = (): number[] => groupMembers(pgid, notBefore);
  if (members().length === 0) return;
  signalGroup(pgid, 'SIGTERM');
  if (await waitUntil(() => members().length === 0, stopTimeoutMs)) return;
  signalGroup(pgid, 'SIGKILL');
  if (await waitUntil(() => members().length === 0, KILL_GRACE_MS)) return;
  throw new StepFailedError(`could not stop ${name}: processes ${members().join(', ')} survived SIGKILL`);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw new StepFailedError(`cannot signal process group ${pgid}: ${errorMessage(e)}`);
  }
}

async function waitUntil(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}


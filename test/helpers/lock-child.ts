// A lock contender for the race test: reads commands on stdin, one per line:
//   "try <round> <takeover 0|1>" → attempts the lock, prints "won <round>" or "lost <round> <reason>",
//                                   with "[removed stale]" after the round when it removed a stale lock
//   "release <round>"            → releases it if held, prints "released <round>"
import { createInterface } from 'node:readline';
import { acquireLock, releaseLock, LockHeldError } from '../../src/adapters/fs/env-lock.js';

const file = process.argv[2]!;
const me = process.argv[3]!;
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const [cmd, round, takeover] = line.trim().split(' ');
  const runId = `20260101-000000-race-${me}${round}`;
  if (cmd === 'try') {
    let removed = '';
    try {
      acquireLock({ file, environment: 'race', user: 'test', runbook: 'race', runId, takeOverStale: takeover === '1', onTakeOver: () => (removed = ' [removed stale]') });
      process.stdout.write(`won ${round}${removed}\n`);
    } catch (e) {
      process.stdout.write(`lost ${round}${removed} ${e instanceof LockHeldError ? (e.stale ? 'stale' : 'held') : (e as Error).message}\n`);
    }
  } else if (cmd === 'release') {
    releaseLock(file, runId);
    process.stdout.write(`released ${round}\n`);
  }
});

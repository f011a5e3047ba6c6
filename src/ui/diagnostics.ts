// OPSDECK_DIAGNOSTICS=FILE: the console appends one JSON line per interval with its RSS, heap
// and event-loop delay (p50/p99/max since the previous line), for soak benchmarks
// (bench/soak.ts) and for operators chasing a slow console. Off unless the variable is set.
// On Linux also `cpuWaitMs`: how long the main thread was runnable but waiting for a CPU in
// that interval (/proc/self/schedstat). On a busy host a long event-loop delay with as long a
// wait is the machine's doing, not a task of ours (npm run bench -- runs-history).
import { appendFileSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function startDiagnostics(file: string | undefined, intervalMs = 60_000): () => void {
  if (!file) return () => undefined;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // The histogram's samples include its own 10 ms timer interval: what is left is the delay.
  const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4) / 100 - 10);
  let waited = runQueueWaitNs();
  const sample = () => {
    const m = process.memoryUsage();
    const nowWaited = runQueueWaitNs();
    const cpuWait = nowWaited !== undefined && waited !== undefined ? { cpuWaitMs: Math.round((nowWaited - waited) / 1e4) / 100 } : {};
    waited = nowWaited;
    const line = { at: new Date().toISOString(), rssMb: Math.round(m.rss / 1e5) / 10, heapUsedMb: Math.round(m.heapUsed / 1e5) / 10, loopP50Ms: ms(loop.percentile(50)), loopP99Ms: ms(loop.percentile(99)), loopMaxMs: ms(loop.max), ...cpuWait };
    loop.reset();
    try {
      appendFileSync(file, JSON.stringify(line) + '\n');
    } catch {
      // diagnostics never take the console down
    }
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    loop.disable();
  };
}

/** Nanoseconds the main thread has spent runnable but not running (Linux), else undefined. */
function runQueueWaitNs(): number | undefined {
  try {
    const waited = Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]);
    return Number.isFinite(waited) ? waited : undefined;
  } catch {
    return undefined;
  }
}

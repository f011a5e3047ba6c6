// OPSDECK_DIAGNOSTICS=FILE: the console appends one JSON line per interval with its RSS, heap
// and event-loop delay (p50/p99/max since the previous line), for soak benchmarks
// (bench/soak.ts) and for operators chasing a slow console. Off unless the variable is set.
// On Linux also `cpuWaitMs`: how long the main thread was runnable but waiting for a CPU in
// that interval (/proc/self/schedstat). On a busy host a long event-loop delay with as long a
// wait is the machine's doing, not a task of ours (npm run bench -- runs-history).
// Where RSS goes, for a slow creep with a flat JS heap: V8's committed heap and code space,
// external memory and array buffers (Node's own accounting), and on Linux the process's
// anonymous memory split into the brk heap (the main thread's malloc), other anonymous
// mappings (V8's pages, worker threads' malloc arenas) and file-backed pages (code, ICU).
import { appendFileSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

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
    const line = {
      at: new Date().toISOString(),
      rssMb: mb(m.rss),
      heapUsedMb: mb(m.heapUsed),
      loopP50Ms: ms(loop.percentile(50)),
      loopP99Ms: ms(loop.percentile(99)),
      loopMaxMs: ms(loop.max),
      ...cpuWait,
      heapTotalMb: mb(m.heapTotal),
      codeSpaceMb: mb(getHeapSpaceStatistics().find((s) => s.space_name === 'code_space')?.physical_space_size ?? 0),
      externalMb: mb(m.external),
      arrayBuffersMb: mb(m.arrayBuffers),
      ...mappedMemory(),
    };
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

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** Resident memory by kind of mapping (Linux /proc/self/smaps), in MB; {} elsewhere. */
function mappedMemory(): { brkHeapMb?: number; otherAnonMb?: number; fileMb?: number; mappings?: number } {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return {};
  }
  let kind: 'brk' | 'anon' | 'file' = 'anon';
  const kb = { brk: 0, anon: 0, file: 0 };
  let mappings = 0;
  for (const row of text.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(row);
    if (header) {
      mappings++;
      const name = header[2]!;
      kind = name === '[heap]' ? 'brk' : header[1] !== '0' || name.startsWith('/') ? 'file' : 'anon';
      continue;
    }
    if (row.startsWith('Rss:')) kb[kind] += Number(row.slice(4).trim().split(' ')[0]);
  }
  return { brkHeapMb: Math.round(kb.brk / 100) / 10, otherAnonMb: Math.round(kb.anon / 100) / 10, fileMb: Math.round(kb.file / 100) / 10, mappings };
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

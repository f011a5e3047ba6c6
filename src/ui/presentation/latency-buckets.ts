// Check results folded into fixed 10 s buckets of wall time, for the home table: its latency and
// sparkline change only when a bucket completes (the same moment for every row), never on each
// check, so an idle table of steady services writes almost nothing to the terminal.
import type { HealthSample } from '../../state/health-store.js';

export const BUCKET_MS = 10_000;

/** One completed bucket: the median latency of its answers, or undefined when a check failed. */
export type Bucket = number | undefined;

/**
 * The completed buckets (those that ended before `now`), oldest first, empty ones left out
 * (a service checked every 30 s has a sample in one bucket of three).
 */
export function completedBuckets(samples: readonly HealthSample[], now: number, bucketMs = BUCKET_MS): Bucket[] {
  const current = Math.floor(now / bucketMs);
  const out: Bucket[] = [];
  let index: number | undefined;
  let latencies: number[] = [];
  let failed = false;
  const close = () => {
    if (index === undefined) return;
    if (failed) out.push(undefined);
    else if (latencies.length) out.push(median(latencies));
  };
  for (const s of samples) {
    const b = Math.floor(s.at / bucketMs);
    if (b >= current) break;
    if (b !== index) {
      close();
      index = b;
      latencies = [];
      failed = false;
    }
    if (s.state === 'unhealthy' || s.state === 'stopped') failed = true;
    else if (s.latencyMs !== undefined && Number.isFinite(s.latencyMs)) latencies.push(s.latencyMs);
  }
  close();
  return out;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

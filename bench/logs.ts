// Log pipeline figures for the closing note: ingest lines/s through split + level + timestamp
// + mask + ring buffer on one core, and peak RSS after 1,000,000 lines across 20 sources.
// Lines look like ttybench's generator output (100 bytes, 80 % INFO / 15 % WARN / 5 % ERROR).
import { LogPipeline } from '../src/domain/logs/log-pipeline.js';
import { createRedactor } from '../src/domain/text/redaction.js';
import { createLogStore } from '../src/state/log-store.js';

const LEVELS = ['INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'INFO ', 'WARN ', 'WARN ', 'WARN ', 'ERROR'];

function makeChunk(seq0: number, count: number, svc: number): string {
  let out = '';
  const t = Date.now();
  for (let i = 0; i < count; i++) {
    const seq = seq0 + i;
    const line = `${new Date(t + seq).toISOString()} ${LEVELS[seq % 20]} [svc-${svc}] seq=${String(seq).padStart(7, '0')} connection reset by peer k0=v${(seq % 9999).toString(16)} `;
    out += line.padEnd(100, 'x').slice(0, 100) + '\n';
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function ingestRun(lines: number, sources: number, chunkLines: number): { perSec: number; rssPeakMb: number } {
  const store = createLogStore(5000);
  const redactor = createRedactor(['s3cr3t-demo-password', 'tok_0123456789abcdef']);
  const seq = { next: 1 };
  const pipes = Array.from({ length: sources }, (_, i) => {
    store.getState().addSource(`svc${i}`, `svc${i}`);
    return new LogPipeline({ source: `svc${i}`, service: `svc${i}`, redactor, seq });
  });
  // Pre-made chunks (cut at odd places so partial lines are held), reused: measure the pipeline, not the generator.
  const chunks = Array.from({ length: 16 }, (_, i) => makeChunk(i * chunkLines, chunkLines, i));
  const cut = chunks.map((c) => [c.slice(0, 1037), c.slice(1037)]);
  let rssPeak = process.memoryUsage().rss;
  const start = performance.now();
  let done = 0;
  let k = 0;
  while (done < lines) {
    const src = k % sources;
    const [a, b] = cut[k % cut.length]!;
    const p = pipes[src]!;
    const st = store.getState();
    st.append(`svc${src}`, p.push({ text: a! }));
    st.append(`svc${src}`, p.push({ text: b! }));
    done += chunkLines;
    k++;
    if (k % 64 === 0) {
      st.flush();
      const rss = process.memoryUsage().rss;
      if (rss > rssPeak) rssPeak = rss;
    }
  }
  store.getState().flush();
  const secs = (performance.now() - start) / 1000;
  return { perSec: done / secs, rssPeakMb: Math.max(rssPeak, process.memoryUsage().rss) / 1024 / 1024 };
}

const runs = Number(process.env.BENCH_RUNS ?? 5);
const rates: number[] = [];
for (let r = 0; r < runs; r++) rates.push(ingestRun(300_000, 1, 100).perSec);
console.log(`ingest (split + level + timestamp + mask + ring buffer), 1 source, 100-byte lines: median ${Math.round(median(rates)).toLocaleString('en')} lines/s over ${runs} runs [${rates.map((x) => Math.round(x / 1000) + 'k').join(', ')}]`);

const peaks: number[] = [];
const rates20: number[] = [];
for (let r = 0; r < 3; r++) {
  const res = ingestRun(1_000_000, 20, 100);
  peaks.push(res.rssPeakMb);
  rates20.push(res.perSec);
}
console.log(`1,000,000 lines across 20 sources (ring buffers of 5,000 lines each): median ${Math.round(median(rates20)).toLocaleString('en')} lines/s, peak RSS ${median(peaks).toFixed(0)} MB (runs: ${peaks.map((p) => p.toFixed(0)).join(', ')} MB)`);

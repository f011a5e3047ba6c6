// Raw chunks of one source → complete, masked, classified lines. Masking runs on each complete
// line before it is stored, so a secret split across two chunks is still whole when masked;
// each stream has its own line masker, so a multi-line private key is masked whole.
import type { Redactor } from '../text/redaction.js';
import { createLineMasker, type LineMasker } from '../text/line-masker.js';
import { LineSplitter, DEFAULT_MAX_LINE } from './line-splitter.js';
import { detectLevel } from './level-detect.js';
import { detectTimestamp } from './timestamp-detect.js';
import type { LogLine } from './log-line.js';

export interface RawChunk {
  text: string;
  stream?: 'stdout' | 'stderr';
  at?: number;
  /** The instance that wrote it (a compose replica); each instance's lines are split apart. */
  instance?: string;
}

/** Shared by every pipeline of a tailer: one arrival order across sources. */
export interface SeqCounter {
  next: number;
}

export interface PipelineOptions {
  source: string;
  service: string;
  /** Set on every line: the host of a remote source. */
  host?: string;
  redactor: Redactor;
  seq?: SeqCounter;
  /** @default 8192 */
  maxLine?: number;
  now?: () => number;
}

export class LogPipeline {
  private readonly splitters = new Map<string, LineSplitter>();
  private readonly maskers = new Map<string, LineMasker>();
  private readonly seq: SeqCounter;
  private readonly now: () => number;

  constructor(private readonly opts: PipelineOptions) {
    this.seq = opts.seq ?? { next: 1 };
    this.now = opts.now ?? Date.now;
  }

  /** Lines completed by this chunk (stdout and stderr are split separately: they interleave). */
  push(chunk: RawChunk): LogLine[] {
    const key = chunk.instance ? `${chunk.stream ?? ''}\0${chunk.instance}` : (chunk.stream ?? '');
    let splitter = this.splitters.get(key);
    if (!splitter) {
      splitter = new LineSplitter(this.opts.maxLine ?? DEFAULT_MAX_LINE);
      this.splitters.set(key, splitter);
    }
    const texts = splitter.push(chunk.text);
    return texts.length ? this.toLines(texts, chunk, key) : [];
  }

  /** Held partial lines, at the end of a stream. */
  flush(): LogLine[] {
    const out: LogLine[] = [];
    for (const [key, s] of this.splitters) {
      const [stream, instance] = key.split('\0') as [string, string | undefined];
      out.push(...this.toLines(s.flush(), { text: '', stream: stream ? (stream as 'stdout' | 'stderr') : undefined, instance }, key));
    }
    return out;
  }

  private toLines(texts: string[], chunk: RawChunk, key: string): LogLine[] {
    let masker = this.maskers.get(key);
    if (!masker) {
      masker = createLineMasker(this.opts.redactor);
      this.maskers.set(key, masker);
    }
    const at = this.now();
    const out: LogLine[] = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const text = masker.line(texts[i]!);
      const line: LogLine = { seq: this.seq.next++, source: this.opts.source, service: this.opts.service, text, at };
      const where = chunk.instance ?? this.opts.host;
      if (where) line.host = where;
      const level = detectLevel(text);
      if (level) line.level = level;
      const ts = chunk.at ?? detectTimestamp(text, at);
      if (ts !== undefined) line.ts = ts;
      if (chunk.stream) line.stream = chunk.stream;
      out[i] = line;
    }
    return out;
  }
}

// Docker's multiplexed log stream (non-TTY containers): frames of an 8-byte header
// [stream, 0, 0, 0, size(4 bytes, big-endian)] followed by `size` bytes of payload.
// stream 0 = stdin, 1 = stdout, 2 = stderr. Frames arrive split or glued arbitrarily.
// Pure: Uint8Array in, frames out; the payload bytes are decoded to text by the caller.

export interface DockerFrame {
  stream: 'stdout' | 'stderr';
  payload: Uint8Array;
}

export class DockerFrameDecoder {
  private held: Uint8Array = new Uint8Array(0);

  push(data: Uint8Array): DockerFrame[] {
    const buf = this.held.length ? concat(this.held, data) : data;
    const out: DockerFrame[] = [];
    let pos = 0;
    while (buf.length - pos >= 8) {
      const type = buf[pos]!;
      const size = ((buf[pos + 4]! << 24) >>> 0) + (buf[pos + 5]! << 16) + (buf[pos + 6]! << 8) + buf[pos + 7]!;
      if (type > 2 || buf[pos + 1] !== 0 || buf[pos + 2] !== 0 || buf[pos + 3] !== 0) {
        throw new Error(`not a docker multiplexed stream (header byte ${type} at offset ${pos})`);
      }
      if (buf.length - pos - 8 < size) break;
      out.push({ stream: type === 2 ? 'stderr' : 'stdout', payload: buf.subarray(pos + 8, pos + 8 + size) });
      pos += 8 + size;
    }
    this.held = pos === buf.length ? new Uint8Array(0) : buf.slice(pos);
    return out;
  }

  /** Bytes of an incomplete frame still held. */
  get pending(): number {
    return this.held.length;
  }
}

/** Builds a frame (tests and tools). */
export function encodeDockerFrame(stream: 'stdout' | 'stderr', payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  out[0] = stream === 'stderr' ? 2 : 1;
  const n = payload.length;
  out[4] = (n >>> 24) & 0xff;
  out[5] = (n >>> 16) & 0xff;
  out[6] = (n >>> 8) & 0xff;
  out[7] = n & 0xff;
  out.set(payload, 8);
  return out;
}

/** Docker's `timestamps: true` prefix: RFC 3339 nano time and a space. */
const TS_PREFIX = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) /;

export function splitDockerTimestamp(line: string): { at?: number; text: string } {
  const m = TS_PREFIX.exec(line);
  if (!m) return { text: line };
  const at = Date.parse(m[1]!.replace(/(\.\d{3})\d+/, '$1'));
  return { at: Number.isFinite(at) ? at : undefined, text: line.slice(m[0].length) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

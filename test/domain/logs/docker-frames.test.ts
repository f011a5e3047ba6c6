import { describe, it, expect } from 'vitest';
import { DockerFrameDecoder, encodeDockerFrame, splitDockerTimestamp } from '../../../src/domain/logs/docker-frames.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

describe('DockerFrameDecoder', () => {
  // Hand-made frames: header [stream,0,0,0,size BE] + payload.
  const stream = new Uint8Array([
    1, 0, 0, 0, 0, 0, 0, 6, ...enc.encode('hello\n'),
    2, 0, 0, 0, 0, 0, 0, 5, ...enc.encode('oops\n'),
    1, 0, 0, 0, 0, 0, 0, 0,
    1, 0, 0, 0, 0, 0, 1, 4, ...enc.encode('x'.repeat(259) + '\n'),
  ]);

  it('decodes frames however the bytes are split', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      for (const cut2 of [cut, Math.min(stream.length, cut + 3), Math.min(stream.length, cut + 9)]) {
        const d = new DockerFrameDecoder();
        const frames = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut, cut2)), ...d.push(stream.subarray(cut2))];
        expect(frames.map((f) => [f.stream, dec.decode(f.payload)])).toEqual([
          ['stdout', 'hello\n'],
          ['stderr', 'oops\n'],
          ['stdout', ''],
          ['stdout', 'x'.repeat(259) + '\n'],
        ]);
        expect(d.pending).toBe(0);
      }
    }
  });

  it('round-trips encodeDockerFrame and rejects a raw (TTY) stream', () => {
    const d = new DockerFrameDecoder();
    const f = d.push(encodeDockerFrame('stderr', enc.encode('e1\n')));
    expect(f).toHaveLength(1);
    expect(f[0]!.stream).toBe('stderr');
    expect(() => new DockerFrameDecoder().push(enc.encode('plain tty text here\n'))).toThrow(/not a docker multiplexed stream/);
  });

  it('splits the timestamps prefix', () => {
    expect(splitDockerTimestamp('2026-11-23T18:08:18.123456789Z hello world')).toEqual({ at: Date.UTC(2026, 10, 23, 18, 8, 18, 123), text: 'hello world' });
    expect(splitDockerTimestamp('no prefix')).toEqual({ text: 'no prefix' });
  });
});

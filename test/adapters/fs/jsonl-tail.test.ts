// The incremental reader a console uses on incident files and the audit log: only what was
// appended since the last read is parsed; a line still being written waits; a truncated,
// replaced or rewritten file is read again from the start (and says so by its generation).
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, renameSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { createJsonlTail } from '../../../src/adapters/fs/jsonl-tail.js';

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `{"n":${from + i}}\n`).join('');

/** A tail whose pick counts the lines it is handed: each parsed line passes through it once. */
function countingTail(file: string) {
  const seen = { parsed: 0 };
  const tail = createJsonlTail<{ n: number }>(file, (x) => {
    seen.parsed++;
    return x as { n: number };
  });
  return { tail, seen, ns: () => tail.records.map((r) => r.n) };
}

describe('jsonl tail', () => {
  afterAll(removeTempDirs);

  it('parses only the lines appended since the last read; an unchanged file parses nothing', () => {
    const file = join(tempDir(), 'a.jsonl');
    writeFileSync(file, lines(0, 1000));
    const { tail, seen, ns } = countingTail(file);
    tail.read();
    expect(seen.parsed).toBe(1000);
    tail.read();
    expect(seen.parsed).toBe(1000);
    appendFileSync(file, lines(1000, 1003));
    tail.read();
    expect(seen.parsed).toBe(1003);
    expect(ns()).toEqual(Array.from({ length: 1003 }, (_, i) => i));
    expect(tail.generation).toBe(0);
  });

  it('holds back a line still being written (also one cut inside a multibyte character)', () => {
    const file = join(tempDir(), 'b.jsonl');
    const line = Buffer.from('{"n":2,"s":"é"}\n');
    writeFileSync(file, Buffer.concat([Buffer.from(lines(0, 2)), line.subarray(0, 13)]));
    const { tail, ns } = countingTail(file);
    tail.read();
    expect(ns()).toEqual([0, 1]);
    appendFileSync(file, line.subarray(13));
    tail.read();
    expect(ns()).toEqual([0, 1, 2]);
    expect((tail.records[2] as unknown as { s: string }).s).toBe('é');
    expect(tail.corrupt).toBe(0);
  });

  it('counts and skips a complete line that is not JSON', () => {
    const file = join(tempDir(), 'c.jsonl');
    writeFileSync(file, `${lines(0, 1)}not json\n${lines(1, 2)}`);
    const { tail, ns } = countingTail(file);
    tail.read();
    expect(ns()).toEqual([0, 1]);
    expect(tail.corrupt).toBe(1);
  });

  it('starts over when the file shrank', () => {
    const file = join(tempDir(), 'd.jsonl');
    writeFileSync(file, lines(0, 10));
    const { tail, ns } = countingTail(file);
    tail.read();
    truncateSync(file, 0);
    appendFileSync(file, lines(100, 102));
    tail.read();
    expect(ns()).toEqual([100, 101]);
    expect(tail.generation).toBe(1);
  });

  it('starts over when the file was truncated and grew past its old size before the next read', () => {
    const file = join(tempDir(), 'e.jsonl');
    writeFileSync(file, lines(0, 3));
    const { tail, ns } = countingTail(file);
    tail.read();
    writeFileSync(file, lines(500, 510));
    tail.read();
    expect(ns()).toEqual(Array.from({ length: 10 }, (_, i) => 500 + i));
    expect(tail.generation).toBe(1);
  });

  it('starts over when the file was rotated (a new file under the name)', () => {
    const dir = tempDir();
    const file = join(dir, 'f.jsonl');
    writeFileSync(file, lines(0, 3));
    const { tail, ns } = countingTail(file);
    tail.read();
    renameSync(file, join(dir, 'f.jsonl.1'));
    writeFileSync(file, lines(0, 5).replace(/"n":(\d)/g, '"n":7$1'));
    tail.read();
    expect(ns()).toEqual([70, 71, 72, 73, 74]);
    expect(tail.generation).toBe(1);
  });

  it('starts over when the file was rewritten in place at the same size', () => {
    const file = join(tempDir(), 'g.jsonl');
    writeFileSync(file, lines(0, 3));
    const { tail, ns } = countingTail(file);
    tail.read();
    writeFileSync(file, lines(0, 3).replace('"n":1', '"n":9'));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    tail.read();
    expect(ns()).toEqual([0, 9, 2]);
    expect(tail.generation).toBe(1);
  });

  it('a file that disappears reads as empty, and is read whole when it comes back', () => {
    const dir = tempDir();
    const file = join(dir, 'h.jsonl');
    const { tail, ns } = countingTail(file);
    tail.read();
    expect(ns()).toEqual([]);
    writeFileSync(file, lines(0, 2));
    tail.read();
    expect(ns()).toEqual([0, 1]);
    renameSync(file, join(dir, 'gone'));
    tail.read();
    expect(ns()).toEqual([]);
  });
});

// The bundle swaps Ink's frame buffer for SparseOutput: it must produce the same text for the
// same operations, including clipping, wide characters, styles and lines outside the frame.
import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import SparseOutput from '../../../src/ui/ink/sparse-output.js';
import { mulberry32 } from '../../helpers/prng.js';

type Op = ['write', number, number, string, ((l: string, i: number) => string)[]] | ['clip', { x1?: number; x2?: number; y1?: number; y2?: number }] | ['unclip'];

interface FrameBuffer {
  write(x: number, y: number, text: string, o: { transformers: ((l: string, i: number) => string)[] }): void;
  clip(c: object): void;
  unclip(): void;
  get(): { output: string; height: number };
}

const inkDir = dirname(createRequire(import.meta.url).resolve('ink'));
const { default: InkOutput } = (await import(pathToFileURL(join(inkDir, 'output.js')).href)) as { default: new (o: { width: number; height: number }) => FrameBuffer };

function both(width: number, height: number, ops: Op[]) {
  const run = (out: FrameBuffer) => {
    for (const op of ops) {
      if (op[0] === 'write') out.write(op[1], op[2], op[3], { transformers: op[4] });
      else if (op[0] === 'clip') out.clip(op[1]);
      else out.unclip();
    }
    return out.get();
  };
  return { ink: run(new InkOutput({ width, height })), sparse: run(new SparseOutput({ width, height })) };
}

const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;
const red = (s: string) => `\x1b[31m${s}\x1b[39m`;

describe('SparseOutput', () => {
  const cases: [string, number, number, Op[]][] = [
    ['empty frame', 20, 5, []],
    ['plain lines with gaps', 30, 8, [['write', 0, 0, 'header', []], ['write', 2, 3, 'middle\nnext', []], ['write', 0, 7, 'footer', []]]],
    ['styles and overlap', 30, 3, [['write', 0, 0, `${bold('Logs')} ${red('● paused')} tail`, []], ['write', 5, 0, red('XY'), []], ['write', 0, 2, `${bold('a')}${red('b')}`, []]]],
    ['wide characters', 20, 2, [['write', 0, 0, '日本語 ok', []], ['write', 1, 0, 'x', []], ['write', 0, 1, '✔ ● ◐ ·', []]]],
    ['transformers by line index', 20, 3, [['write', 0, 0, 'a\nb\nc', [(l, i) => `${i}:${l}`]]]],
    ['horizontal and vertical clip', 20, 6, [['clip', { x1: 2, x2: 8, y1: 1, y2: 4 }], ['write', 0, 0, 'abcdefghijkl\nABCDEFGHIJKL\n0123456789\nzzzzzzzzzz\nyyyy\nxxxx', []], ['unclip'], ['write', 0, 5, 'after', []]]],
    ['write entirely outside the clip', 20, 3, [['clip', { x1: 0, x2: 5, y1: 0, y2: 1 }], ['write', 10, 0, 'gone', []], ['write', 0, 2, 'gone too', []], ['unclip']]],
    ['lines below and above the frame', 20, 3, [['write', 0, 2, 'last\nbeyond\nmore', []], ['write', 0, -1, 'above\nstill', []]]],
    ['writes past the width', 10, 2, [['write', 6, 0, 'overflowing text', []]]],
  ];
  for (const [name, width, height, ops] of cases) {
    it(`matches Ink: ${name}`, () => {
      const { ink, sparse } = both(width, height, ops);
      expect(sparse).toEqual(ink);
    });
  }

  it('matches Ink on a console-like frame with a tall empty pane', () => {
    const ops: Op[] = [
      ['write', 0, 0, `${bold('opsdeck')}  profile bench  env local`, []],
      ['write', 0, 1, '─'.repeat(120), []],
      ['write', 0, 2, `${bold('Logs app')}  ${red('● following')}`, []],
      ['write', 0, 38, '\x1b[2mq quit · ? help\x1b[22m', []],
    ];
    const { ink, sparse } = both(120, 39, ops);
    expect(sparse).toEqual(ink);
  });

  it('matches Ink frame after frame while rows and clipped lines are reused (a selection moving down a list)', () => {
    const list = Array.from({ length: 30 }, (_, i) => `svc-${String(i).padStart(4, '0')} running ${red('healthy')} 3ms  10s ago`);
    const frame = (selected: number): Op[] => [
      ['write', 0, 0, `${bold('opsdeck')}  profile big  env local`, []],
      ['clip', { x1: 0, x2: 40, y1: 1, y2: 25 }],
      ...list.slice(0, 24).map((row, i): Op => ['write', 0, i + 1, i === selected ? `\x1b[7m▶ ${row}\x1b[27m` : `  ${row}`, []]),
      ['unclip'],
      ['write', 0, 26, '\x1b[2mq quit · ? help\x1b[22m', []],
    ];
    for (const selected of [0, 1, 2, 3, 2, 1, 0, 0]) {
      const { ink, sparse } = both(60, 28, frame(selected));
      expect(sparse).toEqual(ink);
    }
  });

  it('matches Ink on 300 random frames: styled rows side by side, overlapping, clipped or not, wide and joined characters', () => {
    const random = mulberry32(1202);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const sgr = ['\x1b[1m', '\x1b[22m', '\x1b[31m', '\x1b[39m', '\x1b[7m', '\x1b[27m', '\x1b[1;32m', '\x1b[38;5;208m', '\x1b[0m', '\x1b[2m', '\x1b[5m'];
    const chars = [...'abc xyz 0123 -:|', '●', '▶', '─', '…', '·', '✓'];
    const rare = ['日本', '😀', 'e\u0301', '✔️'];
    const text = () => {
      let t = '';
      for (let n = 1 + Math.floor(random() * 40); n > 0; n--) {
        const r = random();
        t += r < 0.15 ? pick(sgr) : r < 0.18 ? pick(rare) : pick(chars);
      }
      return random() < 0.5 ? t : `\x1b[7m${t}\x1b[27m`;
    };
    for (let frame = 0; frame < 300; frame++) {
      const ops: Op[] = [];
      const clipped = random() < 0.6;
      if (clipped) ops.push(['clip', { x1: Math.floor(random() * 5), x2: 30 + Math.floor(random() * 40), y1: 0, y2: 10 + Math.floor(random() * 10) }]);
      for (let w = 0; w < 25; w++) ops.push(['write', Math.floor(random() * 50), Math.floor(random() * 20), text(), []]);
      if (clipped) ops.push(['unclip']);
      const { ink, sparse } = both(80, 20, ops);
      expect(sparse, `frame ${frame}`).toEqual(ink);
    }
  });
});

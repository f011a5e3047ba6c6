// The fast parse (js-yaml) gives exactly the value yaml's Document gives, on every file it takes;
// the files it leaves to the positioned parse are the ones the two could read differently. Run on
// the shipped files, on hand-picked corners, and on the config fuzz's mutations of the shipped files.
import { describe, expect, it } from 'vitest';
import { fastYamlValue } from '../../../src/adapters/fs/fast-yaml.js';
import { parsePositionedYaml } from '../../../src/adapters/fs/positioned-yaml.js';
import { parseYamlSource } from '../../../src/adapters/fs/yaml-source.js';
import { mutate, shippedSeeds } from '../../../bench/lib/config-fuzz.js';
import { mulberry32 } from '../../helpers/prng.js';
import { REPO } from '../../helpers/run-cli.js';

/** Whether the fast parse takes the file, and if so whether yaml's Document reads it the same. */
function agree(text: string): { taken: boolean; same: boolean } {
  const fast = fastYamlValue(text);
  if (!fast) return { taken: false, same: true };
  const positioned = parsePositionedYaml('f.yaml', text);
  return { taken: true, same: positioned.syntaxProblems.length === 0 && deepSame(fast.value, positioned.data) };
}

/** Structural equality that also tells -0, NaN and Infinity apart (JSON does not). */
function deepSame(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

describe('fast YAML parse', () => {
  const seeds = shippedSeeds(REPO);

  it('takes every shipped profile and runbook, with the value yaml gives', () => {
    expect(seeds.length).toBeGreaterThan(5);
    for (const s of seeds) expect({ name: s.name, ...agree(s.text) }).toEqual({ name: s.name, taken: true, same: true });
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a null key', '~: 1\n'],
    ['a number key', '1: a\n2.5: b\n'],
    ['a bool key', 'true: a\n'],
    ['an empty key', ': a\n'],
    ['a collection key', '? [a, b]\n: c\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['__proto__', '__proto__: {a: 1}\n'],
    ['a quoted __proto__', '"__proto__": {a: 1}\n'],
    ['an exponent', 'a: 1e400\nb: 1e3\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['an empty file', ''],
    ['only a comment', '# nothing\n'],
    ['deep nesting', `a: ${'['.repeat(40)}${']'.repeat(40)}\n`],
    ['a syntax error', 'a: [1, 2\n'],
    ['a tab indent', 'a:\n\tb: 1\n'],
  ])('leaves %s to the positioned parse', (_what, text) => {
    expect(fastYamlValue(text)).toBeUndefined();
  });

  it.each([
    ['scalars of the core schema', 'a: 1\nb: -0\nc: 0x1F\nd: 0o17\ne: .5\nf: -.inf\ng: .nan\nh: true\ni: ~\nj: null\nk:\nl: "1"\nm: +5\nn: 1.\no: 007\n'],
    ['quoted and block strings', 'a: "x\\ty\\u00e9"\nb: \'it\'\'s\'\nc: |\n  one\n  two\nd: >-\n  folded\n  text\n\ne: |+\n  keep\n\n'],
    ['multi-line plain scalars', 'a: one\n  two\n\n  three\nb: [x\n  y, z]\n'],
    ['flow collections', 'a: {b: [1, {c: d}], e: []}\nf: [ ]\n'],
    ['comments and odd spacing', 'a:    1   # c\n# x\nb:\n    - x\n    -   y\n'],
    ['quoted keys that are numbers', '"1": a\n\'true\': b\n'],
    ['a document start', '---\na: 1\n'],
  ])('reads %s as yaml does', (_what, text) => {
    expect(agree(text)).toMatchObject({ taken: true, same: true });
  });

  it('agrees with yaml on 5,000 seeded mutations of the shipped files', () => {
    const r = mulberry32(11);
    const disagree: string[] = [];
    let taken = 0;
    for (let n = 0; n < 5000; n++) {
      const text = mutate(seeds[n % seeds.length]!.text, r);
      const a = agree(text);
      if (a.taken) taken++;
      if (!a.same && disagree.length < 5) disagree.push(JSON.stringify(text).slice(0, 400));
    }
    expect(disagree).toEqual([]);
    // Most mutations still parse; the fast path is the common one, not a rarity.
    expect(taken).toBeGreaterThan(1000);
  }, 120_000);

  it('a file with a problem still gets its position from the positioned parse', () => {
    const src = parseYamlSource('f.yaml', 'name: a\nsteps:\n  - id: x\n    run: 5\n');
    expect(src.syntaxProblems).toEqual([]);
    expect(src.locate({ path: ['steps', 0, 'run'], message: 'm' })).toEqual({ file: 'f.yaml', line: 4, col: 10, message: 'm' });
  });
});

import { describe, expect, it } from 'vitest';
import { anyKeyOf } from '../../../src/domain/text/char-class.js';

describe('anyKeyOf', () => {
  it("matches each of the table's keys and nothing else, everywhere in a string", () => {
    const table = { '→': '->', '·': '|' };
    expect('a → b · c'.replace(anyKeyOf(table), (g) => table[g as keyof typeof table])).toBe('a -> b | c');
    expect(anyKeyOf(table).test('plain ascii')).toBe(false);
  });
});

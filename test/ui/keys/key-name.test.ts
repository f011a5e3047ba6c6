import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { keyName, splitKeys } from '../../../src/ui/keys/key-name.js';

const none: Key = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false };

describe('key names', () => {
  it.each<[string, Partial<Key>, string]>([
    ['', { upArrow: true }, 'up'],
    ['', { return: true }, 'enter'],
    ['', { escape: true, meta: true }, 'escape'],
    ['c', { ctrl: true }, 'ctrl+c'],
    ['', { tab: true, shift: true }, 'shift+tab'],
    ['G', { shift: true }, 'G'],
    ['?', {}, '?'],
  ])('%j %j → %s', (input, key, name) => expect(keyName(input, { ...none, ...key })).toBe(name));

  it('splits several plain characters read at once into keys', () => {
    expect(splitKeys('j\r', none).map((k) => k.name)).toEqual(['j', 'enter']);
    expect(splitKeys('prod\x7f', none).map((k) => k.name)).toEqual(['p', 'r', 'o', 'd', 'backspace']);
    expect(splitKeys('x', none)).toEqual([{ input: 'x', name: 'x' }]);
  });
});

describe('pastes', () => {
  it('a burst past 64 characters is a paste: printable runs as one key each, controls kept, capped at 4096', async () => {
    const { splitKeys, PASTE_MAX } = await import('../../../src/ui/keys/key-name.js');
    const plain = { ctrl: false, meta: false } as Parameters<typeof splitKeys>[1];
    const text = 'a'.repeat(70) + '\r' + 'b'.repeat(10);
    expect(splitKeys(text, plain)).toEqual([{ input: 'a'.repeat(70), name: 'paste' }, { input: '\r', name: 'enter' }, { input: 'b'.repeat(10), name: 'paste' }]);
    const huge = splitKeys('x'.repeat(1024 * 1024), plain);
    expect(huge).toEqual([{ input: 'x'.repeat(PASTE_MAX), name: 'paste' }]);
    expect(splitKeys('jj\r', plain).map((k) => k.name)).toEqual(['j', 'j', 'enter']);
  });
});

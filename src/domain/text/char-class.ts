// A regex matching any one key of a replacement table, made from the keys (a string), not written
// as a regex literal: esbuild escapes non-ASCII characters in strings but not in regexes, and the
// CLI bundle must stay ASCII to load as latin1 (src/cli/cli-loader.ts). Keys are single literal
// characters (glyphs), none of them special inside a character class.
export function anyKeyOf(table: Readonly<Record<string, string>>): RegExp {
  return new RegExp(`[${Object.keys(table).join('')}]`, 'g');
}

// The one sanitizer for text that reaches a terminal. Text from services, steps, files, configs
// and inputs is shown, never obeyed: ESC/CSI/OSC/DCS, other C0 and C1 controls, DEL and the
// Unicode bidi overrides (which can make a line read differently from what it holds) become
// visible caret notation, as `cat -v` prints them: ESC → ^[, BEL → ^G, U+009B → M-^[.
// A single-line field (a table cell, a title, an input value in a plan) also shows line breaks,
// so a value can never fake a line of its own.

/** Everything a terminal may act on, except tab and newline (handled per mode). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;

export interface TerminalTextOptions {
  /**
   * `multiline` keeps `\n` (and a `\r\n` pair) as line breaks; `single` shows them as `^J`/`^M`.
   * @default 'single'
   */
  mode?: 'single' | 'multiline';
  /**
   * Spaces a tab becomes; `false` keeps tabs (harmless, but their width depends on the terminal).
   * @default 4
   */
  tabWidth?: number | false;
}

/** Caret notation for one control character. */
export function caret(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  if (code >= 0x80 && code <= 0x9f) return `M-^${String.fromCharCode(code - 0x80 + 0x40)}`;
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** `text` made safe to write to a terminal: every control character shown, none obeyed. */
export function terminalSafe(text: string, options: TerminalTextOptions = {}): string {
  const tabWidth = options.tabWidth ?? 4;
  let out = text;
  if (tabWidth !== false && out.includes('\t')) out = out.replace(/\t/g, ' '.repeat(tabWidth));
  if (options.mode === 'multiline') {
    out = out.replace(/\r\n/g, '\n');
    out = out.replace(/[\u2028\u2029]/g, '\n');
  } else {
    LINE_BREAKS.lastIndex = 0;
    out = out.replace(LINE_BREAKS, (b) => (b === '\r\n' ? '^M^J' : b === '\r' ? '^M' : '^J'));
  }
  if (tabWidth === false) return UNSAFE.test(out.replace(/\t/g, '')) ? out.replace(UNSAFE_ALL, (c) => (c === '\t' ? c : caret(c))) : out;
  return UNSAFE.test(out) ? out.replace(UNSAFE_ALL, caret) : out;
}

/** True when `text` holds anything `terminalSafe` would change (besides tabs). */
export function hasControls(text: string): boolean {
  return UNSAFE.test(text.replace(/[\t\n]/g, ''));
}

// JSON.stringify escapes only U+0000–U+001F: DEL, the C1 range (U+009B is a one-character CSI),
// the line separators and the bidi overrides pass through raw and reach whoever cats the output.
const JSON_UNSAFE = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text in which every control character is a `\uXXXX` escape, safe to print on a terminal. */
export function jsonSafe(value: unknown, space?: number): string {
  const json = JSON.stringify(value, null, space);
  if (json === undefined) return 'null';
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

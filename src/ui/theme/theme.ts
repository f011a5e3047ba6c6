// Glyphs and colours in one place, so NO_COLOR and --ascii are a choice made once at start.
// Without colour every state still carries a marker and a word: colour is never the only signal.
import type { HealthState } from '../../domain/health/health-model.js';
import { anyKeyOf } from '../../domain/text/char-class.js';

export type Colour = 'green' | 'yellow' | 'red' | 'gray' | 'cyan' | 'blue' | 'magenta' | 'white';

export interface Glyphs {
  health: Record<HealthState, string>;
  /** Eight levels, lowest first. */
  spark: readonly string[];
  /** A failed check in the sparkline. */
  sparkFail: string;
  sparkEmpty: string;
  arrowLeft: string;
  selected: string;
  ellipsis: string;
  rule: string;
  check: { ok: string; fail: string; slow: string };
  border: 'single' | 'classic';
}

const UNICODE: Glyphs = {
  health: { healthy: '●', degraded: '◐', unhealthy: '✖', stopped: '○', unknown: '?' },
  spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  sparkFail: '×',
  sparkEmpty: ' ',
  arrowLeft: '←',
  selected: '▶',
  ellipsis: '…',
  rule: '─',
  check: { ok: '✔', fail: '✖', slow: '◐' },
  border: 'single',
};

const ASCII: Glyphs = {
  health: { healthy: '*', degraded: '~', unhealthy: '!', stopped: '-', unknown: '?' },
  spark: ['_', '.', ',', '-', '=', '+', '*', '#'],
  sparkFail: 'x',
  sparkEmpty: ' ',
  arrowLeft: '<-',
  selected: '>',
  ellipsis: '~',
  rule: '-',
  check: { ok: '+', fail: 'x', slow: '~' },
  border: 'classic',
};

export interface Theme {
  color: boolean;
  ascii: boolean;
  glyphs: Glyphs;
  /** A colour name, or undefined without colour (Ink then prints plain text). */
  c(colour: Colour): Colour | undefined;
  /** Text opsdeck words itself ("severity P2 → P1", "title…") in the glyph set: ASCII under --ascii. */
  text(s: string): string;
  healthColour(state: HealthState): Colour | undefined;
}

const HEALTH_COLOUR: Record<HealthState, Colour> = { healthy: 'green', degraded: 'yellow', unhealthy: 'red', stopped: 'gray', unknown: 'gray' };

export function createTheme(options: { color: boolean; ascii: boolean }): Theme {
  const c = (colour: Colour) => (options.color ? colour : undefined);
  return {
    color: options.color,
    ascii: options.ascii,
    glyphs: options.ascii ? ASCII : UNICODE,
    c,
    text: options.ascii ? asciiText : (s) => s,
    healthColour: (state) => c(HEALTH_COLOUR[state]),
  };
}

const TO_ASCII: Record<string, string> = { '→': '->', '←': '<-', '↑': 'Up', '↓': 'Down', '…': '~', '▶': '>', '✔': '+', '✖': 'x', '●': '*', '○': '-', '◐': '~', '─': '-', '│': '|', '•': '*', '⏎': '|', '·': '|' };

const TO_ASCII_CHARS = anyKeyOf(TO_ASCII);

/** Arrows, marks and box-drawing characters as the ASCII glyph set draws them. */
export function asciiText(s: string): string {
  return s.replaceAll('↑/↓', 'Up/Down').replaceAll('←/→', 'Left/Right').replace(TO_ASCII_CHARS, (g) => TO_ASCII[g]!);
}

const SAME_WIDTH: Record<string, string> = { '…': '~', '·': '|', '—': '-', '–': '-', '•': '*', '●': '*', '○': '-', '◐': '~', '─': '-', '│': '|', '▶': '>', '✔': '+', '✖': 'x', '⏎': '|' };
const SAME_WIDTH_CHARS = anyKeyOf(SAME_WIDTH);

/**
 * What is left for the frame to change with --ascii: characters ASCII draws in the same one
 * column, wherever they come from (Ink's and fit()'s "…" when a line is cut, "·" and "—" in
 * opsdeck's own text, the same punctuation in a runbook's title). The layout was measured on
 * the original, so only same-width characters may change here.
 */
export function asciiSameWidth(s: string): string {
  return s.replace(SAME_WIDTH_CHARS, (g) => SAME_WIDTH[g]!);
}

/** https://no-color.org: present and not empty disables colour. */
export function colourWanted(env: NodeJS.ProcessEnv): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

// A styled screen line as the bytes a terminal needs: SGR codes around styled segments, cut to
// a width in columns (wide characters count two). A pane painted beside Ink must never write
// past its width, or the terminal wraps the rest into the row below.
import stringWidth from 'string-width';
import type { ScreenLine, Segment } from '../presentation/log-row.js';
import { FOREGROUND_SGR } from '../../domain/sgr.js';

export interface TerminalLine {
  /** Text with SGR codes; every styled run ends with a reset. */
  text: string;
  /** Columns it covers. */
  width: number;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Without colour, emphasis (bold, dim, inverse) stays: a search hit is still marked. */
export function toTerminalLine(line: ScreenLine, width: number, colour: boolean): TerminalLine {
  let text = '';
  let used = 0;
  for (const segment of line) {
    if (used >= width) break;
    let t = segment.text;
    let w = columns(t);
    if (used + w > width) {
      t = cutToColumns(t, width - used);
      w = columns(t);
    }
    if (t.length === 0) continue;
    const sgr = sgrCodes(segment, colour);
    text += sgr ? `\x1b[${sgr}m${t}\x1b[0m` : t;
    used += w;
  }
  return { text, width: used };
}

function columns(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

function cutToColumns(text: string, room: number): string {
  if (PRINTABLE_ASCII.test(text)) return text.slice(0, room);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > room) break;
    out += ch;
    used += w;
  }
  return out;
}

function sgrCodes(s: Segment, colour: boolean): string {
  const codes: number[] = [];
  if (s.bold) codes.push(1);
  if (s.dim) codes.push(2);
  if (s.inverse) codes.push(7);
  const fg = colour && s.color ? FOREGROUND_SGR[s.color] : undefined;
  if (fg !== undefined) codes.push(fg);
  return codes.join(';');
}

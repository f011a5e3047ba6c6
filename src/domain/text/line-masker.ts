// Masks text that arrives line by line (a service's output, a step's output, a log file). A
// private key printed on several lines is a block no single line shows whole: once a line
// opens a key block, every following line is masked until the line that closes it (or, if it
// never closes, for as many lines as the longest key has), so no body line is ever written.
import { KEY_BEGIN, KEY_END, MASK, type Redactor } from './redaction.js';

/** A 16384-bit RSA key in PEM is ~200 lines; a block left open longer is not a key. */
export const MAX_KEY_BLOCK_LINES = 400;

export interface LineMasker {
  /** One complete line (without its terminator), masked. */
  line(text: string): string;
}

export function createLineMasker(redactor: Redactor): LineMasker {
  let open = 0;
  return {
    line(text: string): string {
      if (open > 0) {
        const end = KEY_END.exec(text);
        if (end) {
          open = 0;
          return `${MASK}${end[0]}${redactor.redact(text.slice(end.index + end[0].length))}`;
        }
        if (++open > MAX_KEY_BLOCK_LINES) open = 0;
        return MASK;
      }
      const begin = KEY_BEGIN.exec(text);
      if (begin && !KEY_END.test(text.slice(begin.index))) open = 1;
      return redactor.redact(text);
    },
  };
}

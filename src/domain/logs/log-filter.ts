// What the operator types after `/`: plain text or `/regex/`, case-insensitive by default
// (`/re/c` makes a regex case-sensitive). Compiled once; the matcher also yields the match
// ranges used for highlighting.
import { escapeRegex } from '../text/redaction.js';
import { invalidRegexMessage } from '../regex-error.js';

export interface TextMatcher {
  readonly source: string;
  test(text: string): boolean;
  /** [start, end) of each match, for highlighting. */
  ranges(text: string): Array<[number, number]>;
}

export type ParsedPattern = { ok: true; matcher: TextMatcher | undefined } | { ok: false; error: string };

/** Empty text means no filter. `/re/` is a regex (flags after the closing slash: `c` = case-sensitive). */
export function parsePattern(input: string): ParsedPattern {
  const text = input.trim();
  if (text === '') return { ok: true, matcher: undefined };
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
  const isRegex = m !== null && m[1] !== '';
  const source = isRegex ? m[1]! : escapeRegex(text);
  const flags = isRegex && m[2]!.includes('c') ? 'g' : 'gi';
  const error = invalidRegexMessage(source, flags);
  if (error) return { ok: false, error };
  const re = new RegExp(source, flags);
  const single = new RegExp(re.source, re.flags.replace('g', ''));
  return {
    ok: true,
    matcher: {
      source: text,
      test: (t) => single.test(t),
      ranges(t) {
        const out: Array<[number, number]> = [];
        re.lastIndex = 0;
        let r: RegExpExecArray | null;
        while ((r = re.exec(t)) !== null) {
          if (r[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          out.push([r.index, r.index + r[0].length]);
          if (out.length > 64) break;
        }
        return out;
      },
    },
  };
}

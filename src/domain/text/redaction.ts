// Masks secrets: the values of declared secret variables (and their base64, hex, URL- and
// JSON-escaped forms) and common credential shapes. Applied before anything is stored or shown
// (screen, logs, journals, audit, reports). Text that arrives line by line goes through a
// LineMasker (line-masker.ts), which also masks the body lines of a multi-line private key.
import { encodedForms } from './secret-forms.js';

export const MASK = '••••••';

interface Rule {
  re: RegExp;
  replace: (m: string, ...groups: string[]) => string;
}

/** `-----BEGIN RSA PRIVATE KEY-----`, `-----BEGIN OPENSSH PRIVATE KEY-----`, PGP key blocks. */
export const KEY_BEGIN = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----/;
export const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;

const RULES: Rule[] = [
  // A whole key block; a block whose end is not in this text is masked to the end of it.
  {
    re: /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----(?:[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)|[\s\S]*$)/g,
    replace: (_m, label, end) => `-----BEGIN ${label}-----${MASK}${end ?? ''}`,
  },
  // scheme://user:password@host (a password may hold '@': the last one before the path ends it)
  { re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s/]+)(@)/gi, replace: (_m, a, _p, b) => `${a}${MASK}${b}` },
  // Authorization: Bearer xyz / Proxy-Authorization: Basic xyz / "Authorization": "Bearer xyz"
  {
    re: /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest|negotiate)\s+)?([^\s"',;]+)/gi,
    replace: (_m, a, sep, scheme) => `${a}${sep}${scheme ? `${scheme} ` : ''}${MASK}`,
  },
  // FOO_TOKEN=..., API_KEY: ..., password=..., "secret": "...", export X_TOKEN="a b"
  {
    re: /(["']?)(\b[A-Za-z0-9_.-]*(?:token|secret|passw(?:or)?d|passphrase|pwd|api[_-]?key|access[_-]?key|private[_-]?key|_key|credential)s?)\1(\s*[:=]\s*)(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'&,;}]+))/gi,
    replace: (m, q, key, sep, dq, sq) => `${q}${key}${q}${sep}${dq !== undefined ? `"${MASK}"` : sq !== undefined ? `'${MASK}'` : MASK}`,
  },
];

/**
 * Secret values shorter than this are not masked by value: they would mask ordinary words. So a
 * secret input shorter than this is refused before a run (checkInputValue in runbook/inputs.ts).
 */
export const MIN_SECRET_LENGTH = 4;

export interface Redactor {
  redact(text: string): string;
  /** The longest secret value (in any form), so streaming maskers know how much tail to hold back. */
  readonly longestSecret: number;
}

export function createRedactor(secretValues: Iterable<string | undefined> = []): Redactor {
  const given = [...secretValues].filter((v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH);
  const values = [...new Set(given.flatMap((v) => [v, ...encodedForms(v)]))].sort((a, b) => b.length - a.length);
  const valueRe = values.length ? new RegExp(values.map(escapeRegex).join('|'), 'g') : undefined;
  return {
    longestSecret: values.reduce((n, v) => Math.max(n, v.length), 0),
    redact(text: string): string {
      let out = valueRe ? text.replace(valueRe, MASK) : text;
      for (const rule of RULES) {
        rule.re.lastIndex = 0;
        if (rule.re.test(out)) {
          rule.re.lastIndex = 0;
          out = out.replace(rule.re, rule.replace as (m: string, ...g: string[]) => string);
        }
      }
      return out;
    },
  };
}

/** Values of the profile's declared secrets found in an environment. */
export function secretValuesFrom(names: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  return names.map((n) => env[n]).filter((v): v is string => !!v);
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Masks secrets: the values of declared secret variables and common credential shapes.
// Applied before anything is stored or shown (screen, logs, journals, audit, reports).

export const MASK = '••••••';

interface Rule {
  re: RegExp;
  replace: (m: string, ...groups: string[]) => string;
}

const RULES: Rule[] = [
  // -----BEGIN ... PRIVATE KEY----- ... -----END ... PRIVATE KEY-----
  { re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g, replace: () => `-----BEGIN PRIVATE KEY-----${MASK}-----END PRIVATE KEY-----` },
  // scheme://user:password@host
  { re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi, replace: (_m, a, _p, b) => `${a}${MASK}${b}` },
  // Authorization: Bearer xyz / Proxy-Authorization: Basic xyz
  { re: /\b((?:proxy-)?authorization\s*[:=]\s*)(?:(bearer|basic|token|digest)\s+)?("?)([^\s"',;]+)/gi, replace: (_m, a, scheme, q) => `${a}${scheme ? `${scheme} ` : ''}${q}${MASK}` },
  // FOO_TOKEN=..., API_KEY: ..., password=..., "secret": "..."
  {
    re: /(["']?)(\b[A-Za-z0-9_.-]*(?:token|secret|passw(?:or)?d|pwd|api[_-]?key|access[_-]?key|private[_-]?key|_key|credential)s?)\1(\s*[:=]\s*)(["']?)([^\s"'&,;}]+)/gi,
    replace: (_m, q, key, sep, vq) => `${q}${key}${q}${sep}${vq}${MASK}`,
  },
];

/** Secret values shorter than this are not masked by value: they would mask ordinary words. */
const MIN_SECRET_LENGTH = 4;

export interface Redactor {
  redact(text: string): string;
  /** The longest secret value, so streaming maskers know how much tail to hold back. */
  readonly longestSecret: number;
}

export function createRedactor(secretValues: Iterable<string | undefined> = []): Redactor {
  const values = [...new Set([...secretValues].filter((v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
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

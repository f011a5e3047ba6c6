// Turns zod issues into path-addressed problems with "did you mean" hints. Positions are added
// by the file adapter, which knows where each path sits in the YAML text.
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';

export type PathSegment = string | number;

export interface PathProblem {
  path: PathSegment[];
  message: string;
  /** Point at the key itself rather than its value (unknown keys, duplicates). */
  atKey?: boolean;
}

/**
 * `raw` is the parsed file: zod does not report the value it rejected, and a missing key reads
 * differently from a value of the wrong kind ("steps[1] needs "id"" / ""rollback" must be a mapping, got a list").
 */
export function issuesToProblems(schema: z.ZodType, issues: readonly z.core.$ZodIssue[], raw?: unknown): PathProblem[] {
  const out: PathProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, allowed) || (allowed.length ? ` (expected one of: ${allowed.join(', ')})` : '');
        out.push({ path: [...path, key], message: `unknown key "${key}"${hint}`, atKey: true });
      }
      continue;
    }
    if (issue.code === 'invalid_union') {
      out.push(...unionProblem(schema, path, issue, raw));
      continue;
    }
    out.push({ path, message: describe(issue, path, raw) });
  }
  return dedupe(out);
}

/**
 * What a message is about: the key (`"port" `), or for a list element the list's key and the
 * index (`command[0] `): a bare `"0"` read like the value itself.
 */
function subjectOf(path: readonly PathSegment[]): string {
  const last = path.at(-1);
  if (last === undefined) return '';
  if (typeof last === 'string') return `"${last}" `;
  let i = path.length - 1;
  while (i > 0 && typeof path[i - 1] === 'number') i--;
  const list = i > 0 ? String(path[i - 1]) : '';
  return `${list}${path.slice(i).map((n) => `[${n}]`).join('')} `;
}

function describe(issue: z.core.$ZodIssue, path: PathSegment[], raw: unknown): string {
  const where = subjectOf(path);
  if (issue.code === 'invalid_type') {
    const found = raw === undefined ? { present: (issue as { input?: unknown }).input !== undefined, value: (issue as { input?: unknown }).input } : valueAt(raw, path);
    if (!found.present) return path.length ? `${pathText(path.slice(0, -1))} needs "${String(path.at(-1))}"` : 'the file is empty';
    // YAML reads true, 8080 or 1.10 unquoted as a boolean or number: quoting keeps the text.
    const quote = issue.expected === 'string' && (typeof found.value === 'boolean' || typeof found.value === 'number') ? ` (quote it: "${String(found.value)}")` : '';
    return `${where}must be ${article(issue.expected)}, got ${kindOf(found.value)}${quote}`;
  }
  if (issue.code === 'invalid_value') {
    // An enum or literal: say the allowed values in the file's own words, and the closest one.
    const allowed = (issue as { values?: readonly unknown[] }).values ?? [];
    const found = raw === undefined ? (issue as { input?: unknown }).input : valueAt(raw, path).value;
    const hint = typeof found === 'string' ? didYouMean(found, allowed.map(String)) : '';
    if (allowed.length) return `${where}must be one of: ${allowed.map(String).join(', ')}; got ${found === undefined ? 'nothing' : JSON.stringify(found)}${hint}`;
  }
  return `${where}${issue.message}`.trim();
}

// A union member is picked by its distinguishing key (http/tcp/command...); report that
// member's own issues instead of zod's generic "invalid input".
function unionProblem(schema: z.ZodType, path: PathSegment[], issue: z.core.$ZodIssueInvalidUnion, raw: unknown): PathProblem[] {
  const branches = issue.errors;
  const options = unionOptionsAt(schema, path);
  const value = raw === undefined ? (issue as { input?: unknown }).input : valueAt(raw, path).value;
  // One member of the value's own shape (a mapping, or a list): its issues are the problem.
  const sameShape = options.map((o, i) => [defOf(o).type, i] as const).filter(([t]) => (Array.isArray(value) ? t === 'array' : value && typeof value === 'object' ? t === 'object' : false));
  if (sameShape.length === 1 && branches[sameShape[0]![1]]) {
    return issuesToProblems(schema, branches[sameShape[0]![1]]!.map((b) => ({ ...b, path: [...path, ...b.path] })), raw);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    for (let i = 0; i < options.length; i++) {
      const shapeKeys = objectKeys(options[i]!);
      const discriminant = shapeKeys[0];
      if (discriminant && keys.includes(discriminant) && branches[i]) {
        return issuesToProblems(schema, branches[i]!.map((b) => ({ ...b, path: [...path, ...b.path] })), raw);
      }
    }
    const kinds = options.map((o) => objectKeys(o)[0]).filter(Boolean);
    return [{ path, message: `expected one of the keys ${kinds.map((k) => `"${k}"`).join(', ')}` }];
  }
  const where = subjectOf(path);
  const shapes = [...new Set(options.map((o) => defOf(o).type).filter((t) => t === 'array' || t === 'object' || t === 'string' || t === 'number' || t === 'boolean'))];
  if (shapes.length === options.length && value !== undefined) return [{ path, message: `${where}must be ${shapes.map(article).join(' or ')}, got ${kindOf(value)}` }];
  // Scalars and literals (confirm: true | false | typed): name each value it may take.
  const scalarWords = options.flatMap((o) => {
    const d = defOf(o) as Def & { values?: readonly unknown[] };
    if (d.type === 'boolean') return ['true', 'false'];
    if (d.type === 'literal' || d.type === 'enum') return (d.values ?? Object.values((d as { entries?: Record<string, unknown> }).entries ?? {})).map(String);
    return d.type === 'string' || d.type === 'number' ? [article(d.type)] : [];
  });
  if (value !== undefined && scalarWords.length && options.every((o) => ['boolean', 'literal', 'enum', 'string', 'number'].includes(defOf(o).type))) {
    const hint = typeof value === 'string' ? didYouMean(value, scalarWords) : '';
    return [{ path, message: `${where}must be one of: ${scalarWords.join(', ')}; got ${kindOf(value)}${hint}` }];
  }
  return [{ path, message: `${where}has the wrong shape: ${branches.flat()[0]?.message ?? 'invalid value'}` }];
}

/** The value at `path` in the parsed file, and whether the key is there at all. */
function valueAt(raw: unknown, path: PathSegment[]): { present: boolean; value?: unknown } {
  let cur: unknown = raw;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !(String(seg) in (cur as Record<string, unknown>))) return { present: false };
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return { present: cur !== undefined, value: cur };
}

/** steps[1].rollback, services.api.process; the whole file when empty. */
export function pathText(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the file';
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

function article(t: string): string {
  if (t === 'array') return 'a list';
  if (t === 'object') return 'a mapping';
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; out?: z.ZodType; getter?: () => z.ZodType };

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = defOf(cur);
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault' || d.type === 'readonly') && d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else if (d.type === 'lazy' && d.getter) cur = d.getter();
    else break;
  }
  return cur;
}

function schemasAt(schema: z.ZodType, path: PathSegment[]): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  for (const seg of path) {
    const next: z.ZodType[] = [];
    for (const s of current.map(unwrap)) {
      const d = defOf(s);
      if (d.type === 'object' && d.shape && typeof seg === 'string' && d.shape[seg]) next.push(d.shape[seg]!);
      else if (d.type === 'record' && d.valueType) next.push(d.valueType);
      else if (d.type === 'array' && d.element) next.push(d.element);
      else if (d.type === 'union' && d.options) {
        for (const o of d.options) next.push(...schemasAt(o, [seg]));
      }
    }
    current = next;
  }
  return current.map(unwrap);
}

function unionOptionsAt(schema: z.ZodType, path: PathSegment[]): z.ZodType[] {
  for (const s of schemasAt(schema, path)) {
    const d = defOf(s);
    if (d.type === 'union' && d.options) return d.options.map(unwrap);
  }
  return [];
}

function objectKeys(s: z.ZodType): string[] {
  const d = defOf(unwrap(s));
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

/** The keys a mapping at `path` may have. */
export function allowedKeysAt(schema: z.ZodType, path: PathSegment[]): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(schema, path)) {
    const d = defOf(s);
    if (d.type === 'object') objectKeys(s).forEach((k) => keys.add(k));
    if (d.type === 'union' && d.options) d.options.forEach((o) => objectKeys(o).forEach((k) => keys.add(k)));
  }
  return [...keys];
}

function dedupe(problems: PathProblem[]): PathProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path.join('\u0000')}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

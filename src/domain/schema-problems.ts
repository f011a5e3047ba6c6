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

export function issuesToProblems(schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): PathProblem[] {
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
      out.push(...unionProblem(schema, path, issue));
      continue;
    }
    out.push({ path, message: describe(issue, path) });
  }
  return dedupe(out);
}

function describe(issue: z.core.$ZodIssue, path: PathSegment[]): string {
  const where = path.length ? `"${String(path[path.length - 1])}" ` : '';
  if (issue.code === 'invalid_type') {
    const got = (issue as { input?: unknown }).input;
    if (got === undefined) return `${where}is required`;
    return `${where}must be ${article(issue.expected)}, got ${kindOf(got)}`;
  }
  return `${where}${issue.message}`.trim();
}

// A union member is picked by its distinguishing key (http/tcp/command...); report that
// member's own issues instead of zod's generic "invalid input".
function unionProblem(schema: z.ZodType, path: PathSegment[], issue: z.core.$ZodIssueInvalidUnion): PathProblem[] {
  const branches = issue.errors;
  const options = unionOptionsAt(schema, path);
  const value = (issue as { input?: unknown }).input;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    for (let i = 0; i < options.length; i++) {
      const shapeKeys = objectKeys(options[i]!);
      const discriminant = shapeKeys[0];
      if (discriminant && keys.includes(discriminant) && branches[i]) {
        return issuesToProblems(schema, branches[i]!.map((b) => ({ ...b, path: [...path, ...b.path] })));
      }
    }
    const kinds = options.map((o) => objectKeys(o)[0]).filter(Boolean);
    return [{ path, message: `expected one of the keys ${kinds.map((k) => `"${k}"`).join(', ')}` }];
  }
  return [{ path, message: `${path.length ? `"${String(path.at(-1))}" ` : ''}has the wrong shape: ${branches.flat()[0]?.message ?? 'invalid value'}` }];
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

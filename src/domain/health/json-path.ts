// Evaluates the small path language of `json: { path, equals }` checks: dot-separated keys with
// [i] array indexes ("data.items[0].state"), an optional leading "$." as in JSONPath.

export type PathStep = string | number;

export type PathResult = { found: true; value: unknown } | { found: false; at: string };

/** The steps of a path, or undefined when the path is malformed. */
export function parseJsonPath(path: string): PathStep[] | undefined {
  let text = path.trim();
  if (text === '$') return [];
  if (text.startsWith('$.')) text = text.slice(2);
  else if (text.startsWith('$[')) text = text.slice(1);
  if (text === '') return undefined;
  const steps: PathStep[] = [];
  // key, or [index], optionally preceded by a dot (not at the start, not twice)
  const TOKEN = /(?:^|\.)([^.[\]]+)|\[(\d+)\]/y;
  let pos = 0;
  while (pos < text.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m || m.index !== pos) return undefined;
    if (m[1] !== undefined) {
      if ((pos > 0) !== (text[pos] === '.')) return undefined; // a dot between steps, never first
      steps.push(m[1]);
    } else steps.push(Number(m[2]));
    pos = TOKEN.lastIndex;
  }
  return steps;
}

/** Follows the path into a parsed JSON value. */
export function evaluateJsonPath(value: unknown, steps: readonly PathStep[]): PathResult {
  let current: unknown = value;
  const walked: string[] = [];
  for (const step of steps) {
    walked.push(typeof step === 'number' ? `[${step}]` : walked.length ? `.${step}` : step);
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false, at: walked.join('') };
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, step)) {
        return { found: false, at: walked.join('') };
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

/**
 * Checks `path equals expected` against a response body. Returns undefined when it holds,
 * otherwise a short reason for the check's error.
 */
export function jsonPathMismatch(body: string, path: string, expected: string | number | boolean | null): string | undefined {
  const steps = parseJsonPath(path);
  if (!steps) return `invalid json path "${path}"`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  const r = evaluateJsonPath(parsed, steps);
  if (!r.found) return `json path "${path}" not found (missing at ${r.at})`;
  if (r.value === expected) return undefined;
  return `json ${path} is ${short(r.value)} (expected ${short(expected)})`;
}

function short(v: unknown): string {
  const text = v === undefined ? 'undefined' : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

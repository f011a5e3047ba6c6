// Parses a YAML file with yaml's Document, which keeps every node's position: the syntax
// problems and file:line:col of any path-addressed problem come from here. It allocates a node
// per scalar and pair (most of `validate`'s time and memory on a big profile), so yaml-source.ts
// takes it only when a file has a problem to point at, or is one the fast parse does not take.
import { parseDocument, LineCounter, isMap, isSeq, isPair, isScalar, visit, type Document, type Node, type Pair } from 'yaml';
import type { ConfigProblem } from '../../domain/errors.js';
import type { PathProblem, PathSegment } from '../../domain/schema-problems.js';

export interface YamlSource {
  file: string;
  data: unknown;
  /** YAML syntax problems; when any exist, `data` should not be trusted. */
  syntaxProblems: ConfigProblem[];
  locate(problem: PathProblem): ConfigProblem;
}

/** Profiles and runbooks need a handful of levels; far deeper is a broken or hostile file. */
export const MAX_NESTING = 64;
const TOO_DEEP = `nested too deeply (more than ${MAX_NESTING} levels): profiles and runbooks need only a few`;

export function parsePositionedYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const at = (offset: number): { line: number; col: number } => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, col: p.col };
  };
  let doc: Document;
  try {
    // yaml's own unique-key check compares each key with every earlier one (quadratic: a
    // 30,000-service profile took 16 s); duplicateKeys() does the same check with a Set.
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  } catch (e) {
    // The parser recurses: thousands of levels exhaust the stack before it reports anything.
    const message = e instanceof RangeError ? TOO_DEEP : `cannot parse: ${(e as Error).message}`;
    return { file, data: undefined, syntaxProblems: [{ file, line: 1, col: 1, message }], locate: (problem) => ({ file, line: 1, col: 1, message: problem.message }) };
  }
  // Checked first: the key check and toJS below recurse too.
  const overflow = doc.errors.find((e) => /call stack/i.test(e.message));
  // Where the parser's stack ran out depends on the engine: point at where the limit was passed.
  const deep = overflow ? (flowTooDeepAt(text) ?? overflow.pos[0]) : tooDeepAt(doc.contents as Node | null);
  const errors = deep !== undefined ? [{ offset: deep, message: TOO_DEEP }] : [...doc.errors.map((e) => ({ offset: e.pos[0], message: yamlMessage(e.code, e.message) })), ...duplicateKeys(doc)].sort((a, b) => a.offset - b.offset);
  const syntaxProblems: ConfigProblem[] = errors.map((e) => ({ file, ...at(e.offset), message: e.message }));
  const pairIndex = new WeakMap<object, Map<string, Pair>>();
  let data: unknown;
  try {
    data = syntaxProblems.length ? undefined : doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    syntaxProblems.push({ file, line: 1, col: 1, message: e instanceof RangeError ? TOO_DEEP : (e as Error).message });
  }
  return {
    file,
    data,
    syntaxProblems,
    locate: (problem) => ({ file, ...at(offsetOf(doc, problem.path, problem.atKey ?? false, pairIndex)), message: problem.message }),
  };
}

/** Keys repeated within one mapping, at the repeated key: one pass, a Set per mapping. */
function duplicateKeys(doc: Document): { offset: number; message: string }[] {
  const out: { offset: number; message: string }[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        if (seen.has(value)) out.push({ offset: pair.key.range?.[0] ?? 0, message: 'duplicate key: names must be unique' });
        else seen.add(value);
      }
    },
  });
  return out;
}

/** Offset of the first flow bracket ([ or {) that opens a level deeper than MAX_NESTING. */
function flowTooDeepAt(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) while (i < text.length && text[i] !== '\n') i++;
    else if (c === '[' || c === '{') {
      if (++depth >= MAX_NESTING) return i; // the document itself is the first level
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Offset of the first node deeper than MAX_NESTING, found without recursion. */
function tooDeepAt(root: Node | null): number | undefined {
  const stack: [Node, number][] = root ? [[root, 1]] : [];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) return node.range?.[0] ?? 0;
    if (isMap(node)) for (const p of node.items) if (isPair(p) && p.value) stack.push([p.value as Node, depth + 1]);
    if (isSeq(node)) for (const item of node.items) if (item) stack.push([item as Node, depth + 1]);
  }
  return undefined;
}

function yamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key: names must be unique' + (message.match(/"[^"]*"/) ? ` (${message.match(/"[^"]*"/)![0]})` : '');
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

// Walk as deep as the path exists; a missing tail points at the deepest existing node.
// Each mapping's keys are indexed on first use, so locating many problems stays linear.
function offsetOf(doc: Document, path: PathSegment[], atKey: boolean, index: WeakMap<object, Map<string, Pair>>): number {
  let node: Node | null | undefined = doc.contents as Node | null;
  let keyOffset: number | undefined;
  let best = node?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      let byKey = index.get(node);
      if (!byKey) {
        byKey = new Map();
        for (const p of node.items) if (isPair(p) && isScalar(p.key) && !byKey.has(String(p.key.value))) byKey.set(String(p.key.value), p as Pair);
        index.set(node, byKey);
      }
      const pair = byKey.get(String(seg));
      if (!pair) break;
      keyOffset = (pair.key as Node).range?.[0];
      node = pair.value as Node | null;
      best = node?.range?.[0] ?? keyOffset ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      keyOffset = undefined;
      node = item;
      best = item.range?.[0] ?? best;
    } else break;
  }
  return atKey && keyOffset !== undefined ? keyOffset : best;
}

// Parses a YAML file keeping positions, so any path-addressed problem becomes file:line:col.
import { parseDocument, LineCounter, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import type { ConfigProblem } from '../../domain/errors.js';
import type { PathProblem, PathSegment } from '../../domain/schema-problems.js';

export interface YamlSource {
  file: string;
  data: unknown;
  /** YAML syntax problems; when any exist, `data` should not be trusted. */
  syntaxProblems: ConfigProblem[];
  locate(problem: PathProblem): ConfigProblem;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): { line: number; col: number } => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, col: p.col };
  };
  const syntaxProblems = doc.errors.map((e) => ({ file, ...at(e.pos[0]), message: yamlMessage(e.code, e.message) }));
  let data: unknown;
  try {
    data = syntaxProblems.length ? undefined : doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    syntaxProblems.push({ file, line: 1, col: 1, message: (e as Error).message });
  }
  return {
    file,
    data,
    syntaxProblems,
    locate: (problem) => ({ file, ...at(offsetOf(doc, problem.path, problem.atKey ?? false)), message: problem.message }),
  };
}

function yamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key: names must be unique' + (message.match(/"[^"]*"/) ? ` (${message.match(/"[^"]*"/)![0]})` : '');
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

// Walk as deep as the path exists; a missing tail points at the deepest existing node.
function offsetOf(doc: Document, path: PathSegment[], atKey: boolean): number {
  let node: Node | null | undefined = doc.contents as Node | null;
  let keyOffset: number | undefined;
  let best = node?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
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

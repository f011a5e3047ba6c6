// A YAML file's value, and file:line:col for any problem found in it. The value comes from the
// fast parse when it takes the file (fast-yaml.ts); positions come from yaml's Document
// (positioned-yaml.ts), parsed only when there is a problem to point at. A file the fast parse
// does not take goes through the positioned parse whole, exactly as before.
import { fastYamlValue } from './fast-yaml.js';
import { parsePositionedYaml, type YamlSource } from './positioned-yaml.js';

export type { YamlSource } from './positioned-yaml.js';
export { MAX_NESTING } from './positioned-yaml.js';

export function parseYamlSource(file: string, text: string): YamlSource {
  const fast = fastYamlValue(text);
  if (!fast) return parsePositionedYaml(file, text);
  let positioned: YamlSource | undefined;
  return { file, data: fast.value, syntaxProblems: [], locate: (problem) => (positioned ??= parsePositionedYaml(file, text)).locate(problem) };
}

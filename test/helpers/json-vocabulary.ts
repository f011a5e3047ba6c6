// Checks a `--json` document against the one vocabulary (cli/json-output.ts, README "JSON
// output"): "version": 1 first, camelCase keys, `environment` never `env`, ISO-8601 UTC times in
// `at`/`…At` keys, integer milliseconds in `…Ms` keys, no bare time keys (ts, started, time).
import { expect } from 'vitest';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const BARE_TIME = /^(ts|time|timestamp|started|finished|updated|created|date|env|duration|elapsed|ms)$/;
/** Keys whose values are maps keyed by user-given names (inputs, services, vars) or a runbook as written. */
const FREE_FORM = new Set(['inputs', 'definition', 'vars', 'environmentVars', 'services']);

export function vocabularyProblems(doc: unknown): string[] {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return ['the document is not an object'];
  if (Object.keys(doc)[0] !== 'version' || (doc as { version: unknown }).version !== 1) problems.push('"version": 1 is not the first key');
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (typeof value !== 'object' || value === null) return;
    for (const [key, v] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (!CAMEL.test(key)) problems.push(`${at}: not camelCase`);
      if (BARE_TIME.test(key)) problems.push(`${at}: use environment / …At (ISO) / …Ms (integer)`);
      if ((key === 'at' || key.endsWith('At')) && v !== null && !(typeof v === 'string' && ISO.test(v))) problems.push(`${at}: ${JSON.stringify(v)} is not an ISO-8601 UTC time`);
      if (key.endsWith('Ms') && v !== null && !Number.isInteger(v)) problems.push(`${at}: ${JSON.stringify(v)} is not integer milliseconds`);
      // A map keyed by names (services in a health snapshot) is data, not vocabulary.
      if (FREE_FORM.has(key) && !Array.isArray(v)) continue;
      walk(v, at);
    }
  };
  walk(doc, '$');
  return problems;
}

export function expectJsonVocabulary(doc: unknown): void {
  expect(vocabularyProblems(doc), JSON.stringify(doc).slice(0, 400)).toEqual([]);
}

// The value of a plain YAML file, without positions: js-yaml builds it straight from its event
// stream (a 10,000-service profile in ~0.2 s, where yaml's Document takes ~1 s and 4× the memory).
// It answers only for files both parsers read the same way; anything else (a syntax error, a
// duplicate key, an anchor, alias or tag, a key that is not a plain string, a number the two
// resolve differently, deep nesting) is `undefined`, and the caller parses with yaml's Document,
// which is what gives every message its file:line:col. test/adapters/fs/fast-yaml.test.ts checks
// the two agree on the shipped files and on the config fuzz's mutations of them.
import { parseEvents, constructFromEvents, getScalarValue, CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, type Event } from 'js-yaml';

/** Far below positioned-yaml's MAX_NESTING: a deeper file takes the positioned path, which reports it. */
const MAX_DEPTH = 32;

/** Plain scalars the core schema does not read as a string (null, bool, int, float). */
const NOT_A_STRING = /^(?:|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9.].*|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
/** An exponent: 1e400 is Infinity to yaml and the string "1e400" to js-yaml. */
const EXPONENT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE]/;

export function fastYamlValue(text: string): { value: unknown } | undefined {
  try {
    const events = parseEvents(text, { maxDepth: MAX_DEPTH });
    if (!readTheSame(events, text)) return undefined;
    const docs = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, maxAliases: 0 });
    return docs.length === 1 ? { value: docs[0] } : undefined;
  } catch {
    return undefined; // js-yaml refuses it: the positioned parse says why, and where
  }
}

/** One document, no directive, anchor, alias or tag, only plain-string keys, no exponents. */
function readTheSame(events: Event[], text: string): boolean {
  // For each open collection: is it a mapping, and how many children it has had so far.
  const open: { map: boolean; children: number }[] = [];
  let documents = 0;
  for (const e of events) {
    const parent = open.at(-1);
    const atKey = parent?.map === true && parent.children % 2 === 0;
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || e.directives.length) return false;
        open.push({ map: false, children: 0 });
        continue;
      case EVENT_ID.ALIAS:
        return false;
      case EVENT_ID.POP:
        open.pop();
        continue;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        if (atKey || e.anchorStart !== -1 || e.tagStart !== -1) return false;
        if (parent) parent.children++;
        open.push({ map: e.type === EVENT_ID.MAPPING, children: 0 });
        continue;
      case EVENT_ID.SCALAR: {
        if (e.anchorStart !== -1 || e.tagStart !== -1) return false;
        if (e.style === SCALAR_STYLE.PLAIN) {
          const source = text.slice(e.valueStart, e.valueEnd);
          if (atKey ? NOT_A_STRING.test(source) || source === '__proto__' || source === '<<' : EXPONENT.test(source)) return false;
        } else if (atKey && getScalarValue(text, e) === '__proto__') return false;
        if (parent) parent.children++;
        continue;
      }
    }
  }
  return documents === 1;
}

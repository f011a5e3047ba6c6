// "{{ vars.x }}" / "{{ inputs.x }}" expansion. The result is plain text that callers place
// into ONE argv element; nothing here ever produces more than one argument or a command.

const REF = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z0-9_.-]+)\s*\}\}/g;
const ANY_BRACES = /\{\{(.*?)\}\}/g;

export interface TemplateRef {
  scope: string;
  name: string;
  /** Offset of "{{" in the text, for error positions. */
  offset: number;
}

export type TemplateScopes = Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;

export class TemplateError extends Error {
  constructor(message: string, readonly ref?: TemplateRef) {
    super(message);
    this.name = 'TemplateError';
  }
}

export function templateRefs(text: string): TemplateRef[] {
  const refs: TemplateRef[] = [];
  for (const m of text.matchAll(REF)) refs.push({ scope: m[1]!, name: m[2]!, offset: m.index });
  return refs;
}

/** "{{ ... }}" that is not a valid reference, e.g. "{{ inputs }}" or "{{ x y }}". */
export function malformedTemplates(text: string): { text: string; offset: number }[] {
  const bad: { text: string; offset: number }[] = [];
  for (const m of text.matchAll(ANY_BRACES)) {
    REF.lastIndex = 0;
    const whole = m[0];
    if (!new RegExp(`^${REF.source}$`).test(whole)) bad.push({ text: whole, offset: m.index });
  }
  return bad;
}

export function expandTemplate(text: string, scopes: TemplateScopes): string {
  return text.replace(REF, (_whole, scope: string, name: string, offset: number) => {
    const table = scopes[scope];
    if (!table) throw new TemplateError(`unknown template scope "${scope}" in "${text}"`, { scope, name, offset });
    const value = table[name];
    if (value === undefined) throw new TemplateError(`"${scope}.${name}" is not defined`, { scope, name, offset });
    return value;
  });
}

/** Expands each element separately: the argv keeps exactly its length. */
export function expandArgv(argv: readonly string[], scopes: TemplateScopes): string[] {
  return argv.map((arg) => expandTemplate(arg, scopes));
}

// How a command is shown to the operator: argv with shell-style quoting (so what is read is
// exactly what runs, one element per argument), scripts as they are. An argument holding a
// line break or another control character (an input value can) is shown in ANSI-C quoting,
// $'a\nb', so it stays on its line and can never fake a line of the plan.

const PLAIN = /^[A-Za-z0-9_/.:=@%+,^-]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', "'": "\\'" };

export function quoteArg(arg: string): string {
  if (arg !== '' && PLAIN.test(arg)) return arg;
  if (CONTROL.test(arg)) return `$'${[...arg].map(ansiC).join('')}'`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A `shell:` script, the runbook's own text, shown whole (its lines stay lines). */
export function quoteScript(script: string): string {
  if (script !== '' && PLAIN.test(script)) return script;
  return `'${script.replace(/'/g, `'\\''`)}'`;
}

export function argvText(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}

function ansiC(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  if (!CONTROL.test(ch)) return ch;
  const code = ch.codePointAt(0)!;
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

// Why a user-written regular expression does not compile, in words fit for file:line:col.

export function regexError(source: string, flags = ''): string | undefined {
  try {
    new RegExp(source, flags);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

/**
 * The one message for a regular expression the operator typed that does not compile, said the
 * same by `opsdeck logs --grep` and the console's log filter: `invalid regular expression "(":
 * Unterminated group` (V8's own `/(/i: ` repeat of the source is left out). Undefined when it
 * compiles.
 */
export function invalidRegexMessage(source: string, flags = ''): string | undefined {
  const error = regexError(source, flags);
  return error === undefined ? undefined : `invalid regular expression ${JSON.stringify(source)}: ${error.replace(/^\/[\s\S]*\/[a-z]*: /, '')}`;
}

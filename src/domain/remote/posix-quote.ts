// Quoting for the remote shell. ssh joins everything after the destination with spaces and hands
// that string to the remote user's shell, so every argv element is single-quoted here: inside
// '...' a POSIX shell expands nothing ($(...), `...`, ;, newlines stay literal), and a quote in
// the value is closed, escaped and reopened ('\'').

/** One argument as a POSIX shell word that the shell turns back into exactly `arg`. */
export function posixQuote(arg: string): string {
  if (arg.includes('\0')) throw new RangeError('an argument cannot contain a NUL byte');
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one remote command line: each element one quoted word. */
export function posixCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new RangeError('empty command');
  return argv.map(posixQuote).join(' ');
}

/** Names that may travel as environment variables (checked before they reach the far side). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A remote command that first reads `NAME=value` lines from stdin (up to an empty line), exports
 * them, then execs `argv` with the rest of stdin. Values never appear on any command line, so
 * `ps` on the far side cannot show them. `export "$l"` assigns the line as data: nothing in it
 * is evaluated.
 */
export function withEnvFromStdin(argv: readonly string[]): string {
  const script = 'while IFS= read -r l && [ -n "$l" ]; do export "$l"; done; exec "$@"';
  return posixCommand(['sh', '-c', script, 'opsdeck-env', ...argv]);
}

/** The stdin preamble withEnvFromStdin() reads: one line per variable, then an empty line. */
export function envPreamble(env: Readonly<Record<string, string>>): string {
  let out = '';
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) throw new RangeError(`"${name}" is not an environment variable name`);
    if (/[\n\r\0]/.test(value)) throw new RangeError(`the value of ${name} has a line break or NUL: it cannot be sent to a remote host`);
    out += `${name}=${value}\n`;
  }
  return `${out}\n`;
}

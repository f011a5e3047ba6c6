// How a command is shown to the operator: argv with shell-style quoting (so what is read is
// exactly what runs, one element per argument), scripts as they are.

const PLAIN = /^[A-Za-z0-9_/.:=@%+,^-]+$/;

export function quoteArg(arg: string): string {
  if (arg !== '' && PLAIN.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function argvText(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}

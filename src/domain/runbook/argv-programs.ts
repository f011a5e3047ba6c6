// What argv-safety knows about programs: wrappers that only run another program, interpreters
// and the options whose value is code, and programs that hand their operands to a shell.

export interface Wrapper {
  /** Its own options that take a value (the next element). */
  withValue: RegExp;
  /** Operands of its own before the program (`chroot NEWROOT`, `flock FILE`, `taskset MASK`). @default 0 */
  operands?: number;
  /** `NAME=value` elements before the program are its own (env, sudo). */
  assignments?: boolean;
}

export const WRAPPERS: Record<string, Wrapper> = {
  env: { withValue: /^-(u|C|S)$|^--(unset|chdir|split-string)$/, assignments: true },
  sudo: { withValue: /^-(u|g|C|D|h|p|r|t|U|R|T)$/, assignments: true },
  doas: { withValue: /^-(u|C)$/ },
  gosu: { withValue: /^$/, operands: 1 },
  'su-exec': { withValue: /^$/, operands: 1 },
  nice: { withValue: /^-n$|^--adjustment$/ },
  ionice: { withValue: /^-(c|n|p|P|u)$/ },
  chrt: { withValue: /^$/, operands: 1 },
  taskset: { withValue: /^$/, operands: 1 },
  nohup: { withValue: /^$/ },
  setsid: { withValue: /^$/ },
  exec: { withValue: /^-a$/ },
  command: { withValue: /^$/ },
  builtin: { withValue: /^$/ },
  time: { withValue: /^-[fo]$/ },
  timeout: { withValue: /^-(s|k)$|^--(signal|kill-after)$/, operands: 1 },
  stdbuf: { withValue: /^-(i|o|e)$/ },
  xargs: { withValue: /^-(I|n|P|L|d|E|s|a)$/ },
  busybox: { withValue: /^$/ },
  chroot: { withValue: /^--(userspec|groups)$/, operands: 1 },
  unshare: { withValue: /^-(S|G|R|w)$/ },
  nsenter: { withValue: /^-(t|S|G|r|w)$/ },
  flock: { withValue: /^-(w|E|conflict-exit-code)$|^--(timeout|conflict-exit-code)$/, operands: 1 },
  'systemd-run': { withValue: /^-(p|u|E|M|H|t)$|^--(unit|property|uid|gid|setenv|description|slice|machine|host)$/ },
  strace: { withValue: /^-(o|p|e|s|E|u|a|b|P|I|X)$/ },
  ltrace: { withValue: /^-(o|p|e|s|u|a|n)$/ },
  caffeinate: { withValue: /^-[tw]$/ },
  firejail: { withValue: /^$/ },
  sg: { withValue: /^$/, operands: 1 },
};

export interface Interpreter {
  /** An option whose value (the next element, or after `=` for long options) is code. */
  code: RegExp;
  /** An option with its code attached (`-cCODE`, `-eCODE`, `-MModule=…`): group 1 is the option. */
  attached?: RegExp;
  /** An option whose value names code to load (`node -r M`, `python -m M`, `ruby -r M`). */
  module?: RegExp;
  /** Other options that take a value (skipped to find the script operand). */
  withValue?: RegExp;
  /** Options after which the operands are data: the script comes from stdin or a file option (`sh -s`, `awk -f F`). */
  scriptElsewhere?: RegExp;
  /** The first operand is the program text itself (awk), not a script file. */
  operandIsCode?: boolean;
  /** Its operands are data (a database name for psql), never a script to run. */
  operandsAreData?: boolean;
  /** Which operands are code, by position among the operands and those before it (sqlite3's SQL after its database, redis-cli's command). */
  codeOperands?: (position: number, before: readonly string[]) => boolean;
}

const SHELL: Interpreter = { code: /^-[a-zA-Z]*c[a-zA-Z]*$|^--command$/, withValue: /^[-+][oO]$|^--(rcfile|init-file)$/, scriptElsewhere: /^-[a-zA-Z]*s[a-zA-Z]*$/ };
const PYTHON: Interpreter = { code: /^-[a-zA-Z]*[cm]$/, attached: /^(-[a-zA-Z]*[cm])(?!$)/, withValue: /^-[WX]$|^--check-hash-based-pycs$/ };
const NODE: Interpreter = { code: /^(-e|--eval|-p|--print|-pe|eval)$/, module: /^(-r|--require|--import|--loader|--experimental-loader)$/, withValue: /^(-C|--conditions|--input-type|--env-file|--title)$/ };
const PERL: Interpreter = { code: /^-[a-zA-Z]*[eE]$/, attached: /^(-[a-zA-Z]*[eEmM])(?!$)/, withValue: /^-[IxlC]$/ };
const RUBY: Interpreter = { code: /^-[a-zA-Z]*e$/, attached: /^(-[a-zA-Z]*[er])(?!$)/, module: /^-r$/, withValue: /^-[IC]$/ };

/** The interpreter a program name is, if any. */
export function interpreterOf(program: string): Interpreter | undefined {
  if (/^(sh|bash|zsh|dash|ksh|mksh|ash|yash|posh|fish|csh|tcsh|rbash)$/.test(program)) return SHELL;
  if (/^python[0-9.]*$|^pypy[0-9.]*$/.test(program)) return PYTHON;
  if (/^(node|nodejs|deno|bun)$/.test(program)) return NODE;
  if (/^perl[0-9.]*$/.test(program)) return PERL;
  if (/^ruby[0-9.]*$/.test(program)) return RUBY;
  if (/^php[0-9.]*$/.test(program)) return { code: /^-r$|^--run$/, attached: /^(-r)(?!$)/ };
  if (/^lua[0-9.]*$|^luajit$/.test(program)) return { code: /^-e$/, attached: /^(-e)(?!$)/ };
  // SQL clients: the statement given with -c / -e is code too (an input there is SQL injection).
  if (program === 'psql') return { code: /^(-c|--command)$/, attached: /^(-c)(?!$)/, withValue: /^-[dhpUfoFRvTPLW]$|^--(dbname|host|port|username|file|output|set|variable)$/, operandsAreData: true };
  if (/^(mysql|mariadb)$/.test(program)) return { code: /^(-e|--execute)$/, attached: /^(-e)(?!$)/, withValue: /^-[uhPDS]$|^--(user|host|port|database|socket)$/, operandsAreData: true };
  if (/^(mongo|mongosh)$/.test(program)) return { code: /^--eval$/, operandsAreData: true };
  // `sqlite3 DB SQL…`: every operand after the database is SQL or a dot-command.
  if (/^sqlite3?$/.test(program)) return { code: /^--?cmd$/, module: /^--?init$/, withValue: /^--?(separator|nullvalue|newline|vfs|maxsize|mmap|pagecache|lookaside|heap|escape)$/, codeOperands: (p) => p >= 1 };
  // `redis-cli [opts] COMMAND ARGS…`: the command is what runs (FLUSHALL, CONFIG SET …); the
  // script of EVAL / SCRIPT LOAD and the function of FCALL too. Its other arguments are data.
  if (program === 'redis-cli' || program === 'valkey-cli') {
    return {
      code: /^$/,
      module: /^--eval$/,
      withValue: /^-[hpsaunridD]$|^--(user|pass|askpass|cacert|cacertdir|cert|key|sni|tls-ciphers|tls-ciphersuites|rdb|functions-rdb|pattern|count|quoted-pattern|memkeys-samples|show-pushes|hotkeys|bigkeys)$/,
      codeOperands: (p, [command = '', sub = '']) => p === 0 || (p === 1 && /^(eval|eval_ro|fcall|fcall_ro|script|function)$/i.test(command)) || (p === 2 && /^(script|function)$/i.test(command) && /^load$/i.test(sub)),
    };
  }
  if (/^(awk|gawk|mawk|nawk)$/.test(program)) return { code: /^--source$/, withValue: /^-[vF]$/, scriptElsewhere: /^-f$|^--file$/, operandIsCode: true };
  return undefined;
}

const base = (arg: string): string => arg.slice(arg.lastIndexOf('/') + 1);

/** Elements that another program hands to a shell as (part of) a command line. */
export function shellCommandOperands(argv: readonly string[], i: number): { index: number; how: string }[] {
  const program = base(argv[i] ?? '');
  const out: { index: number; how: string }[] = [];
  const rest = (from: number, how: string) => {
    for (let j = from; j < argv.length; j++) out.push({ index: j, how });
  };
  // `env -S "sh -c CODE"`: env splits the string into the command it runs.
  for (let k = 0; k < i; k++) {
    if (base(argv[k]!) !== 'env') continue;
    for (let j = k + 1; j < i; j++) {
      if (/^(-S|--split-string)$/.test(argv[j]!)) out.push({ index: j + 1, how: '`env -S` (a command line it splits and runs)' });
      else if (/^(-S|--split-string=)./.test(argv[j]!)) out.push({ index: j, how: '`env -S` (a command line it splits and runs)' });
    }
  }
  if (program === 'ssh') {
    // ssh joins every operand after the destination into one command for the remote shell.
    let j = i + 1;
    while (j < argv.length && argv[j]!.startsWith('-')) j += /^-[BbcDEeFIiJLlmOoPpQRSWw]$/.test(argv[j]!) ? 2 : 1;
    rest(j + 1, 'the remote shell by `ssh`');
  } else if (program === 'watch') {
    let j = i + 1;
    while (j < argv.length && argv[j]!.startsWith('-')) j += /^-(n|d|q)$|^--(interval|differences)$/.test(argv[j]!) ? 2 : 1;
    rest(j, '`sh -c` by `watch`');
  } else if (/^(su|runuser|script)$/.test(program)) {
    const j = argv.findIndex((a, k) => k > i && /^(-c|--command)$/.test(a));
    if (j > 0) out.push({ index: j + 1, how: `\`${program} ${argv[j]}\`` });
  }
  return out;
}

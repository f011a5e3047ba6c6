// No input value may ever become a command. `run:` keeps each templated element one argument,
// but an argument can still BE code: argv[0] (the program) or the script of an interpreter
// (`sh -c`, `python -c`, `node -e`, `perl -e`, `ruby -e`, `eval`). Inputs there are refused by
// `validate` and, again, by the runner; the safe way is a `shell:` step reading $OPSDECK_INPUT_X.
import { templateRefs } from '../template.js';
import { envVarName } from './inputs.js';

export interface ArgvCodeProblem {
  /** Index of the offending element in the argv. */
  index: number;
  input: string;
  message: string;
}

/** Programs that only run another: their own options are skipped to find the real program. */
const WRAPPERS: Record<string, { withValue: RegExp }> = {
  env: { withValue: /^-(u|C|S)$|^--(unset|chdir|split-string)$/ },
  sudo: { withValue: /^-(u|g|C|D|h|p|r|t|U)$/ },
  nice: { withValue: /^-n$/ },
  nohup: { withValue: /^$/ },
  setsid: { withValue: /^$/ },
  exec: { withValue: /^-a$/ },
  command: { withValue: /^$/ },
  time: { withValue: /^-[fo]$/ },
  timeout: { withValue: /^-(s|k)$|^--(signal|kill-after)$/ },
  stdbuf: { withValue: /^-(i|o|e)$/ },
  xargs: { withValue: /^-(I|n|P|L|d|E|s|a)$/ },
};

/** Interpreters and the options whose value is code. */
function codeOptions(program: string): RegExp | 'all' | undefined {
  if (program === 'eval') return 'all';
  if (/^(sh|bash|zsh|dash|ksh|mksh|ash|busybox)$/.test(program)) return /^-[a-zA-Z]*c[a-zA-Z]*$/;
  if (/^python[0-9.]*$|^pypy[0-9.]*$/.test(program)) return /^-[a-zA-Z]*c$/;
  if (/^(node|nodejs|deno|bun)$/.test(program)) return /^(-e|--eval|-p|--print|-pe|eval)$/;
  if (/^perl[0-9.]*$/.test(program)) return /^-[a-zA-Z]*[eE]$/;
  if (/^ruby[0-9.]*$/.test(program)) return /^-[a-zA-Z]*e$/;
  if (/^php[0-9.]*$/.test(program)) return /^-r$/;
  if (/^lua[0-9.]*$/.test(program)) return /^-e$/;
  return undefined;
}

const base = (arg: string): string => arg.slice(arg.lastIndexOf('/') + 1);

/** Elements of a `run:` argv (templates not expanded) where an input would become code. */
export function argvCodeProblems(argv: readonly string[]): ArgvCodeProblem[] {
  const out: ArgvCodeProblem[] = [];
  const inputsIn = (i: number): string[] => [...new Set(templateRefs(argv[i] ?? '').filter((r) => r.scope === 'inputs').map((r) => r.name))];
  let i = 0;
  // Skip wrappers (env VAR=x, sudo -u root, timeout 10 …) to the program they run.
  for (;;) {
    const w = WRAPPERS[base(argv[i] ?? '')];
    if (!w || i >= argv.length - 1) break;
    i++;
    while (i < argv.length - 1 && (argv[i]!.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!) || (base(argv[i - 1] ?? '') === 'timeout' && /^\d/.test(argv[i]!)))) {
      i += w.withValue.test(argv[i]!) ? 2 : 1;
    }
  }
  for (const name of inputsIn(i)) {
    const v = envVarName('OPSDECK_INPUT_', name);
    out.push({ index: i, input: name, message: `input "${name}" would choose the program to run (the command position of run:); name the program, or write the step as shell: with "$${v}" (e.g. a case on its value), where the value is data, never code` });
  }
  const program = base(argv[i] ?? '');
  const code = codeOptions(program);
  if (!code) return out;
  const codeAt = (j: number, how: string): void => {
    for (const name of inputsIn(j)) {
      const v = envVarName('OPSDECK_INPUT_', name);
      out.push({ index: j, input: name, message: `input "${name}" would become code: it is in the script given to ${how}; write the step as shell: and read it as "$${v}" (an environment variable: data, never code)` });
    }
  };
  if (code === 'all') {
    for (let j = i + 1; j < argv.length; j++) codeAt(j, program);
    return out;
  }
  for (let j = i + 1; j < argv.length; j++) {
    if (code.test(argv[j]!)) {
      // The code is the next argument (`sh -c CODE`, `node -e CODE`, `python -c CODE`).
      codeAt(j + 1, `\`${program} ${argv[j]}\``);
      return out;
    }
    if (!argv[j]!.startsWith('-')) return out; // a script file: its arguments are data
  }
  return out;
}

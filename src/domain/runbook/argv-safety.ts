// No input value may ever become a command. `run:` keeps each templated element one argument,
// but an argument can still BE code: argv[0] (the program), the script of an interpreter
// (`sh -c`, `python -c`, `node -e`, `perl -e`, `ruby -e`, `eval`), the script FILE an
// interpreter runs (`sh {{ x }}`), or a command line another program hands to a shell (`ssh host
// CMD`, `su -c CMD`, `watch CMD`). Wrappers (`env`, `sudo`, `timeout`, `busybox`, `chroot` …) are
// looked through, and an interpreter anywhere in the argv (`find -exec sh -c`, `docker exec c sh
// -c`) is checked too. Inputs there are refused by `validate` and, again, by the runner; the safe
// way is a `shell:` step reading $OPSDECK_INPUT_X.
import { templateRefs } from '../template.js';
import { envVarName } from './inputs.js';
import { interpreterOf, shellCommandOperands, WRAPPERS, type Interpreter } from './argv-programs.js';

export interface ArgvCodeProblem {
  /** Index of the offending element in the argv. */
  index: number;
  input: string;
  message: string;
}

const base = (arg: string): string => arg.slice(arg.lastIndexOf('/') + 1);

/**
 * Elements of a `run:` argv (templates not expanded) where an input would become code.
 * `captured`: vars captured from an earlier step's output (`capture:`), as untrusted as inputs.
 */
export function argvCodeProblems(argv: readonly string[], captured: ReadonlySet<string> = new Set()): ArgvCodeProblem[] {
  const out: ArgvCodeProblem[] = [];
  const seen = new Set<number>();
  const inputsIn = (i: number): { name: string; what: string; v: string }[] => {
    const refs = templateRefs(argv[i] ?? '').filter((r) => r.scope === 'inputs' || (r.scope === 'vars' && captured.has(r.name)));
    const unique = [...new Map(refs.map((r) => [`${r.scope}.${r.name}`, r])).values()];
    return unique.map((r) => (r.scope === 'inputs' ? { name: r.name, what: `input "${r.name}"`, v: envVarName('OPSDECK_INPUT_', r.name) } : { name: r.name, what: `captured output "${r.name}" (vars.${r.name})`, v: envVarName('OPSDECK_VAR_', r.name) }));
  };
  const flag = (j: number, text: (what: string, v: string) => string): void => {
    if (seen.has(j)) return;
    seen.add(j);
    for (const r of inputsIn(j)) out.push({ index: j, input: r.name, message: text(r.what, r.v) });
  };
  const code = (how: string) => (what: string, v: string) => `${what} would become code: it is in the script given to ${how}; write the step as shell: and read it as "$${v}" (an environment variable: data, never code)`;
  const program = (what: string, v: string) => `${what} would choose the program to run (the command position of run:); name the program, or write the step as shell: with "$${v}" (e.g. a case on its value), where the value is data, never code`;
  const script = (how: string) => (what: string, v: string) => `${what} would choose the script ${how} runs; name the script, or write the step as shell: with "$${v}" (e.g. a case on its value), where the value is data, never code`;

  const i = programIndex(argv);
  flag(i, program);
  const main = base(argv[i] ?? '');
  if (main === 'eval') {
    for (let j = i + 1; j < argv.length; j++) flag(j, code('eval'));
    return out;
  }
  // A program that hands its operands to a shell as one command line (`ssh host CMD`, `watch CMD`).
  for (const { index, how } of shellCommandOperands(argv, i)) flag(index, code(how));
  // Every interpreter in the argv: the program itself, or one run by it (`find -exec sh -c`).
  for (let k = i; k < argv.length; k++) {
    if (k > i && inputsIn(k).length) continue; // a templated element is checked as code where it sits
    const interp = interpreterOf(base(argv[k]!));
    if (interp) checkInterpreter(argv, k, interp, k === i, flag, code, script);
  }
  return out;
}

/** Skips wrappers (env VAR=x, sudo -u root, timeout 10, busybox, chroot DIR …) to the program they run. */
export function programIndex(argv: readonly string[]): number {
  let i = 0;
  for (;;) {
    const w = WRAPPERS[base(argv[i] ?? '')];
    if (!w || i >= argv.length - 1) return i;
    i++;
    let operands = w.operands ?? 0;
    while (i < argv.length - 1) {
      const a = argv[i]!;
      if (a === '--') { i++; break; }
      if (a.startsWith('-') && a.length > 1) i += w.withValue.test(a) ? 2 : 1;
      else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a) && w.assignments) i++;
      else if (operands > 0) { operands--; i++; }
      else break;
    }
  }
}

type Flag = (j: number, text: (what: string, v: string) => string) => void;
type Text = (how: string) => (what: string, v: string) => string;

function checkInterpreter(argv: readonly string[], k: number, interp: Interpreter, isProgram: boolean, flag: Flag, code: Text, script: Text): void {
  const name = base(argv[k]!);
  const operands: string[] = [];
  let dashes = false;
  for (let j = k + 1; j < argv.length; j++) {
    const a = argv[j]!;
    if (interp.codeOperands && (dashes || !a.startsWith('-') || a === '-')) {
      if (interp.codeOperands(operands.length, operands)) flag(j, code(`\`${name}\` (${operands.length ? 'an operand it runs' : 'the command it runs'})`));
      operands.push(a);
      continue;
    }
    if (interp.codeOperands && a === '--') {
      dashes = true;
      continue;
    }
    if (interp.operandsAreData && !a.startsWith('-')) continue;
    if (a === '--' || !a.startsWith('-') || a === '-') {
      // The first operand is the script file to run (its arguments after it are data).
      const at = a === '--' ? j + 1 : j;
      if (at < argv.length && argv[at] !== '-' && (isProgram || interp.operandIsCode)) flag(at, interp.operandIsCode ? code(name) : script(name));
      return;
    }
    if (interp.scriptElsewhere?.test(a)) return;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0 && interp.code.test(a.slice(0, eq))) return flag(j, code(`\`${name} ${a.slice(0, eq)}\``));
    if (interp.code.test(a)) return flag(j + 1, code(`\`${name} ${a}\``));
    // `python -c'CODE'`, `perl -e'CODE'`: the code attached to its option.
    const attached = interp.attached?.exec(a);
    if (attached) {
      flag(j, code(`\`${name} ${attached[1]}\``));
      continue;
    }
    if (interp.module?.test(a)) {
      flag(j + 1, code(`\`${name} ${a}\``));
      j++;
      continue;
    }
    if (interp.withValue?.test(a)) j++;
  }
}

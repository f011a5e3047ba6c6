// Confirmations without the TUI: flags first (--yes, --confirm-env E), then a prompt on a
// terminal (node:readline, y/N default No, typed environment name), else nobody can answer and
// the run stops BEFORE the step with a message naming the flag that would have answered.
import { writeSafe } from './safe-write.js';
import { askLine } from './ask-line.js';
import { OperatorUnavailable, type ConfirmAnswer, type Confirmer, type ConfirmRequest } from '../ports/confirmer.js';

export interface HeadlessConfirmerOptions {
  yes: boolean;
  /** How a `yes` answer is recorded. @default 'flag --yes' */
  yesVia?: string;
  confirmEnv?: string;
  /** stdin and stdout are terminals. */
  tty: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export class HeadlessConfirmer implements Confirmer {
  private signal?: AbortSignal;
  constructor(private readonly o: HeadlessConfirmerOptions) {}

  async ask(r: ConfirmRequest, signal?: AbortSignal): Promise<ConfirmAnswer> {
    this.signal = signal;
    const what = r.stepId ? `step "${r.stepId}"` : r.purpose === 'service' ? r.prompt.replace(/\?$/, '') : 'the run';
    const before = r.purpose === 'service' ? 'nothing was done' : 'stopped before the step';
    if (r.purpose === 'step' || r.purpose === 'manual' || r.purpose === 'service') {
      if (r.level === 'typed') {
        // The flag is the typed answer; the asker checks it (a wrong one is a no, audited as one).
        if (this.o.confirmEnv !== undefined) return { choice: 'yes', typed: this.o.confirmEnv, via: 'flag --confirm-env' };
        if (!this.o.tty) throw new OperatorUnavailable(`${what} needs a typed confirmation in protected environment ${r.environment}: pass --confirm-env ${r.environment} (${before})`, '--confirm-env');
      } else {
        if (this.o.yes) return { choice: 'yes', via: this.o.yesVia ?? 'flag --yes' };
        if (!this.o.tty) throw new OperatorUnavailable(`${what} needs ${r.purpose === 'manual' ? 'the operator to confirm a manual step' : 'a confirmation'}: pass --yes to confirm it (${before})`, '--yes');
      }
      return this.prompt(r);
    }
    // SIGINT without a terminal to ask on (kill -INT, a CI cancel) is a clear request to abort.
    if (r.purpose === 'abort' && !this.o.tty) return { choice: 'abort', via: 'signal' };
    if (!this.o.tty) throw new OperatorUnavailable(`${what}: ${r.prompt} — nobody to answer without a terminal`);
    return this.prompt(r);
  }

  private async prompt(r: ConfirmRequest): Promise<ConfirmAnswer> {
    const out = this.o.output ?? process.stderr;
    if (r.instructions) writeSafe(out, `\n  ${r.instructions.split('\n').join('\n  ')}\n`);
    else if (r.command) writeSafe(out, `\n  will run: ${r.command}\n`);
    if (r.level === 'typed') {
      const typed = (await this.line(`${r.prompt}\n  Type the environment name (${r.environment}) to confirm, anything else refuses: `))?.trim();
      // The asker checks the name, never the confirmer: a wrong one is refused there and asked
      // again (a run step), or refuses the action (a service action). Nothing typed is a no.
      return typed ? { choice: 'yes', typed, via: 'tty' } : { choice: 'no', typed: '', via: 'tty' };
    }
    if (r.purpose === 'abort') {
      const a = ((await this.line(`\n${r.prompt} [y/N] `)) ?? '').trim().toLowerCase();
      return { choice: a === 'y' || a === 'yes' || a === 'abort' ? 'abort' : 'no', via: 'tty' };
    }
    const keys = r.choices.filter((c) => c !== r.defaultChoice);
    const hint = r.choices.includes('yes') ? `[y/N${r.choices.includes('skip') ? '/s=skip' : ''}]` : `[${r.defaultChoice.toUpperCase()}/${keys.join('/')}]`;
    const answer = ((await this.line(`${r.prompt} ${hint} `)) ?? '').trim().toLowerCase();
    if (answer === 'y' || answer === 'yes') return { choice: 'yes', via: 'tty' };
    if ((answer === 's' || answer === 'skip') && r.choices.includes('skip')) return { choice: 'skip', via: 'tty' };
    const named = r.choices.find((c) => c === answer);
    return { choice: named ?? r.defaultChoice, via: 'tty' };
  }

  /** One line from the terminal; Ctrl-C or end of input answers nothing (the safe default). */
  private line(question: string): Promise<string | undefined> {
    return askLine(question, { input: this.o.input, output: this.o.output, terminal: this.o.tty, signal: this.signal });
  }
}

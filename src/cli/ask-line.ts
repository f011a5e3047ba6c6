// One line from the operator's terminal (readline, no Ink). Ctrl-C or end of input answers
// nothing — callers treat that as the safe default (No).
import { safeText } from './safe-write.js';
import { createInterface } from 'node:readline';

export interface AskLineOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** @default readline's own guess from the output stream */
  terminal?: boolean;
  /** Withdraws the question (the run is stopping): answers nothing. */
  signal?: AbortSignal;
}

export function askLine(raw: string, o: AskLineOptions = {}): Promise<string | undefined> {
  // Questions name steps, commands and environments from configs: shown, never obeyed.
  const question = safeText(raw);
  return new Promise((resolve) => {
    const rl = createInterface({ input: o.input ?? process.stdin, output: o.output ?? process.stderr, terminal: o.terminal });
    let done = false;
    const finish = (v: string | undefined): void => {
      if (done) return;
      done = true;
      rl.close();
      resolve(v);
    };
    rl.on('SIGINT', () => finish(undefined));
    if (o.signal?.aborted) return finish(undefined);
    o.signal?.addEventListener('abort', () => finish(undefined), { once: true });
    rl.on('close', () => finish(undefined));
    rl.question(question, (a) => finish(a));
  });
}

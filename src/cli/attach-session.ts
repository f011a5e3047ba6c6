// A console attached to a detached runner: prints the journal so far and live events; on a
// TTY it controls the run (answers questions with readline prompts, Ctrl-C asks to abort the
// step); without one it only watches. Leaving (Ctrl-D, closed terminal) never stops the run.
import { createInterface, type Interface } from 'node:readline';
import { existsSync } from 'node:fs';
import { connectRunner } from '../adapters/ipc/runner-socket.js';
import { runPaths } from '../adapters/fs/run-store.js';
import { readRunJournal } from '../adapters/fs/fs-run-journal.js';
import { runnerStatus } from '../services/run-history.js';
import { currentOperator } from '../adapters/system/process-identity.js';
import { eventLine } from '../domain/runbook/event-text.js';
import { EXIT, StepFailedError } from '../domain/errors.js';
import type { ConfirmAnswer, ConfirmRequest } from '../ports/confirmer.js';
import type { RunOutcome } from '../domain/runbook/run-events.js';
import type { ServerMessage } from '../domain/runbook/runner-protocol.js';

export interface AttachOptions {
  /** Answer questions (needs a TTY on stdin). */
  control: boolean;
  out?: NodeJS.WriteStream;
  input?: NodeJS.ReadStream;
  /** How long to wait for a just-spawned runner's socket. @default 15000 */
  connectTimeoutMs?: number;
  /** Skip the history already shown (e.g. by a previous attach). */
  quietHistory?: boolean;
}

export function exitCodeFor(outcome: RunOutcome | undefined): number {
  if (outcome === 'succeeded') return EXIT.ok;
  if (outcome === 'aborted') return EXIT.userAbort;
  return EXIT.failed;
}

/** Waits for the runner's socket; a runner that failed to start says why in status.json. */
export async function waitForRunner(runId: string, timeoutMs = 15_000): Promise<void> {
  const paths = runPaths(runId);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { status } = runnerStatus(runId);
    const failure = (status as { failure?: { message: string; hint?: string; exitCode: number } } | undefined)?.failure;
    if (failure) throw Object.assign(new StepFailedError(failure.message, undefined, failure.hint), { exitCode: failure.exitCode });
    if (existsSync(paths.socket) && status && status.state !== 'starting') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new StepFailedError(`the runner of ${runId} did not come up within ${timeoutMs / 1000}s`, undefined, `see ${paths.log}`);
}

export async function attachSession(runId: string, o: AttachOptions): Promise<number> {
  const out = o.out ?? process.stdout;
  const input = o.input ?? process.stdin;
  await waitForRunner(runId, o.connectTimeoutMs);
  const ch = await connectRunner(runPaths(runId).socket);
  let outcome: RunOutcome | undefined;
  let live = false;
  let seen = 0;
  let controller = false;
  let rl: Interface | undefined;
  let asking: string | undefined;
  const print = (s: string) => out.write(s + '\n');

  const onSigint = () => {
    if (asking) return; // readline handles Ctrl-C inside a prompt
    if (controller) {
      print('(asking the runner to abort the current step…)');
      ch.send({ t: 'abort' });
    } else print('(you are watching; use Ctrl-D to leave — the run goes on)');
  };
  if (o.control) process.on('SIGINT', onSigint);

  const answer = async (req: ConfirmRequest) => {
    asking = req.id;
    rl ??= createInterface({ input, output: out, terminal: !!input.isTTY });
    const a = await promptFor(rl, req, print);
    if (asking === req.id) {
      asking = undefined;
      ch.send({ t: 'answer', id: req.id, answer: { ...a, via: 'attach', by: `${currentOperator().user}@${currentOperator().host}` } });
    }
  };

  const done = new Promise<void>((resolve) => {
    ch.onMessage((m: ServerMessage) => {
      switch (m.t) {
        case 'welcome':
          controller = m.controller;
          print(`attached to run ${m.runId} (${m.status.state}${m.status.detail ? `: ${m.status.detail}` : ''})${o.control ? (controller ? ' — you answer its questions' : ` — watching; ${m.status.controller ?? 'another console'} answers`) : ' — watching'}`);
          break;
        case 'event': {
          seen++;
          if (m.event.type === 'run-finished') outcome = m.event.outcome;
          if (!live && o.quietHistory) break;
          const line = eventLine(m.event);
          if (line) print(line);
          break;
        }
        case 'live':
          live = true;
          break;
        case 'ask':
          if (o.control) void answer(m.request);
          break;
        case 'control':
          controller = m.controller;
          if (controller) print('you now answer this run\'s questions');
          break;
        case 'status':
          if (m.status.state === 'waiting' && !controller) print(`run ${runId} is waiting for an operator: ${m.status.detail ?? ''}`);
          break;
        case 'error':
          print(`runner: ${m.message}`);
          break;
        case 'answered':
          break;
        case 'bye':
          print(`runner: ${m.reason}`);
          break;
      }
    });
    ch.onClose(() => resolve());
    if (o.control) {
      // Ctrl-D on an idle console: leave, the run goes on.
      input.on('end', () => {
        if (!asking) {
          print(`detached from ${runId}; it keeps running — \`opsdeck attach ${runId}\` to come back`);
          ch.close();
        }
      });
    }
  });
  const me = currentOperator();
  ch.send({ t: 'hello', role: o.control ? 'control' : 'watch', who: { user: me.user, host: me.host, sshClient: me.sshClient, tty: o.control } });
  await done;
  // The run may have ended before our hello was heard: show what we missed from the journal.
  const rest = readRunJournal(runId).records.slice(seen);
  for (const e of rest) {
    if (e.type === 'run-finished') outcome = e.outcome;
    const line = eventLine(e);
    if (line) print(line);
  }
  process.removeListener('SIGINT', onSigint);
  rl?.close();
  if (o.control) input.pause();
  return outcome ? exitCodeFor(outcome) : EXIT.failed;
}

/** One readline question per request; typed confirmations must be typed in full. */
async function promptFor(rl: Interface, r: ConfirmRequest, print: (s: string) => void): Promise<Omit<ConfirmAnswer, 'via'>> {
  const q = (text: string) => new Promise<string>((res) => rl.question(text, res));
  print('');
  print(`>>> ${r.prompt}`);
  if (r.instructions) print(`    ${r.instructions}`);
  if (r.command) print(`    command: ${r.command}`);
  if (r.level === 'typed') {
    const typed = (await q(`    type the environment name "${r.expected}" to confirm (Enter refuses): `)).trim();
    if (!typed) return { choice: 'no' };
    return { choice: 'yes', typed };
  }
  const choices = r.choices;
  const simple = choices.length <= 3 && choices.includes('yes') && choices.includes('no');
  for (;;) {
    const hint = simple ? `[y/N${choices.includes('skip') ? '/skip' : ''}]` : `[${choices.map((c, i) => `${i + 1}=${c}`).join(', ')}; Enter = ${r.defaultChoice}]`;
    const raw = (await q(`    ${hint} `)).trim().toLowerCase();
    if (!raw) return { choice: r.defaultChoice };
    if (simple && (raw === 'y' || raw === 'yes')) return { choice: 'yes' };
    if (simple && (raw === 'n' || raw === 'no')) return { choice: 'no' };
    const byNum = choices[Number(raw) - 1];
    if (byNum) return { choice: byNum };
    const byName = choices.filter((c) => c.startsWith(raw));
    if (byName.length === 1) return { choice: byName[0]! };
    print(`    please answer one of: ${choices.join(', ')}`);
  }
}

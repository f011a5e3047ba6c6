// A console attached to a detached runner: prints the journal so far and live events; on a
// TTY it controls the run (answers questions with readline prompts, Ctrl-C asks to abort the
// step); without one it only watches. Leaving (Ctrl-D, closed terminal) never stops the run.
import { writeSafe } from './safe-write.js';
import { waitForRunnerUp } from '../services/runs/launch-run.js';
import { connectRunner } from '../adapters/ipc/runner-socket.js';
import { runPaths } from '../adapters/fs/run-store.js';
import { readRunJournal } from '../adapters/fs/fs-run-journal.js';
import { currentOperator } from '../adapters/system/process-identity.js';
import { eventLine } from '../domain/runbook/run-text.js';
import { EXIT } from '../domain/errors.js';
import type { ConfirmRequest } from '../ports/confirmer.js';
import type { RunEvent, RunOutcome } from '../domain/runbook/run-events.js';
import { HeadlessConfirmer } from './headless-confirmer.js';
import { jsonLine, runEventJson } from './json-output.js';
import type { ServerMessage } from '../domain/runbook/runner-protocol.js';
import { runnerGoneLines } from '../services/runs/runner-gone.js';

export interface AttachOptions {
  /** Answer questions with prompts on this terminal (needs a TTY). */
  control: boolean;
  /**
   * Ask for the controller role even without prompts: the console that started a headless run
   * owns it (its Ctrl-C / SIGINT asks the runner to abort the step). @default control
   */
  owner?: boolean;
  /** One line per event; @default eventLine from run-text.ts */
  render?: (e: RunEvent) => string | undefined;
  /** Events as JSON lines instead of text (status messages go to stderr). */
  json?: boolean;
  out?: NodeJS.WriteStream;
  input?: NodeJS.ReadStream;
  /** How long to wait for a just-spawned runner's socket. @default 15000 */
  connectTimeoutMs?: number;
  /** Skip the history already shown (e.g. by a previous attach). */
  quietHistory?: boolean;
  /**
   * How answers are recorded (journal, audit, report): 'attach' for `opsdeck attach`, 'tty' for
   * the terminal of a foreground `opsdeck run`/`resume` (as a headless prompt). @default 'attach'
   */
  via?: string;
}

export function exitCodeFor(outcome: RunOutcome | undefined): number {
  if (outcome === 'succeeded') return EXIT.ok;
  if (outcome === 'aborted') return EXIT.userAbort;
  return EXIT.failed;
}

/** Waits for the runner's socket; a runner that failed to start says why in status.json. */
export async function waitForRunner(runId: string, timeoutMs = 15_000): Promise<void> {
  return waitForRunnerUp(runId, { timeoutMs });
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
  let asking: string | undefined;
  /** The operator left (Ctrl-D): the closed channel is ours, not a dead runner. */
  let left = false;
  const owner = o.owner ?? o.control;
  const info = (s: string) => writeSafe(o.json ? process.stderr : out, s + '\n');
  // Step positions ([2/5]) come from the plan recorded in the run-started event.
  let stepIds: string[] = [];
  const defaultRender = (e: RunEvent) => eventLine(e, stepIds.length, (id) => stepIds.indexOf(id));
  const show = (e: RunEvent) => {
    if (e.type === 'run-started') stepIds = e.plan.map((p) => p.id);
    if (o.json) return void out.write(jsonLine(runEventJson(e)) + '\n');
    const line = (o.render ?? defaultRender)(e);
    if (line !== undefined) writeSafe(out, line + '\n');
  };
  const print = info;
  // The same prompts as an in-process headless run (y/N default No, typed environment name).
  const prompter = new HeadlessConfirmer({ yes: false, tty: true, input, output: process.stderr });

  const onSigint = () => {
    if (asking) return; // readline handles Ctrl-C inside a prompt
    if (controller) {
      if (o.control) print('(asking the runner to abort the current step…)');
      ch.send({ t: 'abort' });
    } else print('(you are watching; use Ctrl-D to leave — the run goes on)');
  };
  // SIGTERM (a cancelled job, a shutdown) stops the run like a terminated foreground run; a
  // hang-up (SIGHUP: the SSH session dropped) does not — that is what the detached runner is for.
  const onSigterm = () => ch.send({ t: 'stop', reason: 'terminated by SIGTERM' });
  if (owner) {
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
  }

  const answer = async (req: ConfirmRequest) => {
    asking = req.id;
    const a = await prompter.ask(req);
    // The prompt's readline paused stdin when it closed: keep listening for Ctrl-D.
    if (!input.readableEnded) input.resume();
    if (asking === req.id) {
      asking = undefined;
      ch.send({ t: 'answer', id: req.id, answer: { ...a, via: o.via ?? 'attach', by: `${currentOperator().user}@${currentOperator().host}` } });
    }
  };

  const done = new Promise<void>((resolve) => {
    ch.onMessage((m: ServerMessage) => {
      switch (m.t) {
        case 'welcome':
          controller = m.controller;
          if (!o.quietHistory) print(`attached to run ${m.runId} (${m.status.state}${m.status.detail ? `: ${m.status.detail}` : ''})${o.control ? (controller ? ' — you answer its questions' : ` — watching; ${m.status.controller ?? 'another console'} answers`) : ''}`);
          break;
        case 'event': {
          seen++;
          if (m.event.type === 'run-finished') outcome = m.event.outcome;
          if (!live && o.quietHistory) break;
          show(m.event);
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
          break;
      }
    });
    ch.onClose(() => resolve());
    if (o.control) {
      // Ctrl-D on an idle console: leave, the run goes on.
      // Between prompts stdin flows (lines typed there are ignored) so that EOF is seen.
      input.on('data', () => undefined);
      input.on('end', () => {
        if (!asking) {
          left = true;
          print(`detached from ${runId}; it keeps running — \`opsdeck attach ${runId}\` to come back`);
          ch.close();
        }
      });
      input.resume();
    }
  });
  const me = currentOperator();
  ch.send({ t: 'hello', role: owner ? 'control' : 'watch', who: { user: me.user, host: me.host, sshClient: me.sshClient, tty: o.control } });
  await done;
  // The run may have ended before our hello was heard: show what we missed from the journal.
  const rest = readRunJournal(runId).records.slice(seen);
  for (const e of rest) {
    if (e.type === 'run-finished') outcome = e.outcome;
    show(e);
  }
  process.removeListener('SIGINT', onSigint);
  process.removeListener('SIGTERM', onSigterm);
  if (o.control) input.pause();
  if (outcome) return exitCodeFor(outcome);
  // Closed with no run-finished and not left by Ctrl-D: the runner died (or the socket went).
  if (!left) for (const line of await runnerGoneLines(runId)) writeSafe(process.stderr, `opsdeck: ${line}\n`);
  return EXIT.failed;
}

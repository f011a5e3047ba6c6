// The `:` commands of the console. Later features append (`:run NAME`, `:incident`).
import type { CommandSpec } from './keys/command-line.js';
import type { ConsoleSession } from '../services/console/console-session-types.js';
import { errorMessage } from '../domain/errors.js';
import type { Route } from './screens/routes.js';

export interface CommandContext {
  session: ConsoleSession;
  quit(): void;
  home(): void;
  help(): void;
  /** Opens a screen on top of the current one. */
  open(route: Route): void;
}

export const CONSOLE_COMMANDS: CommandSpec<CommandContext>[] = [
  {
    name: 'env',
    usage: ':env NAME',
    description: 'switch environment',
    run: ({ session, home }, args) => {
      if (args.length !== 1) return `usage: :env NAME (one of ${session.environments().map((e) => e.name).join(', ')})`;
      try {
        session.switchEnvironment(args[0]!);
        home();
        return undefined;
      } catch (e) {
        return errorMessage(e);
      }
    },
  },
  {
    name: 'run',
    usage: ':run [RUNBOOK]',
    description: 'open a runbook (its inputs form), or the list',
    run: ({ session, open }, args) => {
      if (args.length > 1) return 'usage: :run [RUNBOOK]';
      if (args.length === 0) return void open({ name: 'runbooks' });
      const list = session.runbooks.list();
      const hit = list.find((r) => r.name === args[0] || r.runbook?.name === args[0]);
      if (!hit) return `no runbook "${args[0]}" for ${session.currentEnvironment().name}; available: ${list.map((r) => r.name).join(', ') || 'none'}`;
      if (!hit.runbook) return `${hit.name}: ${hit.problem ?? 'invalid'} (check with opsdeck validate)`;
      // Read-only: a runbook that changes things opens too; its plan only starts a dry run.
      open({ name: 'runbooks' });
      open({ name: 'runbook-inputs', runbook: hit.name });
      return undefined;
    },
  },
  {
    name: 'attach',
    usage: ':attach [RUN]',
    description: 'follow and answer a live run (started by any console on this host)',
    run: ({ session, open }, args) => {
      const live = session.runbooks.unfinished().filter((r) => r.live !== 'interrupted');
      // This console's own run first (the one it stepped away from), then the only live one.
      const runId = args[0] ?? session.runbooks.active()?.runId ?? (live.length === 1 ? live[0]!.runId : undefined);
      if (!runId) return live.length ? `several live runs: :attach ${live.map((r) => r.runId).join(' | ')}` : 'no live run to attach to';
      session.note('progress', `attaching to ${runId}…`);
      // The progress line is replaced once attached (it would read as still under way for minutes).
      session.runbooks.attach(runId).then((c) => (open({ name: 'run', runId: c.runId }), session.note('info', `attached to run ${c.runId}`)), (e: unknown) => session.note('error', `attach ${runId}: ${errorMessage(e)}`));
      return undefined;
    },
  },
  {
    name: 'resume',
    dangerous: true,
    usage: ':resume [RUN]',
    description: 'resume a run whose runner died (you choose for the interrupted step)',
    run: ({ session, open }, args) => {
      const dead = session.runbooks.unfinished().filter((r) => r.live === 'interrupted');
      const runId = args[0] ?? (dead.length === 1 ? dead[0]!.runId : undefined);
      if (!runId) return dead.length ? `several interrupted runs: :resume ${dead.map((r) => r.runId).join(' | ')}` : 'no interrupted run';
      session.note('progress', `resuming ${runId}…`);
      session.runbooks.resume(runId).then((c) => (open({ name: 'run', runId: c.runId }), session.note('info', `resumed run ${c.runId}`)), (e: unknown) => session.note('error', `resume ${runId}: ${errorMessage(e)}`));
      return undefined;
    },
  },
  {
    name: 'write',
    usage: ':write',
    description: 'leave read-only mode for this console (typed confirmation, audited)',
    run: ({ session }) => {
      if (!session.readOnlyReason() && !session.access.getState().readonly) return 'not read-only: nothing to escalate';
      void session.escalate();
      return undefined;
    },
  },
  { name: 'history', usage: ':history', description: 'past runs', run: ({ open }) => void open({ name: 'history' }) },
  { name: 'help', usage: ':help', description: 'show the keys', run: ({ help }) => void help() },
  { name: 'quit', aliases: ['q'], usage: ':q', description: 'quit', run: ({ quit }) => void quit() },
];

// The `:` commands of the console. Later features append (`:run NAME`, `:incident`).
import type { CommandSpec } from './keys/command-line.js';
import type { ConsoleSession } from '../services/console-session-types.js';
import { errorMessage } from '../domain/errors.js';

export interface CommandContext {
  session: ConsoleSession;
  quit(): void;
  home(): void;
  help(): void;
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
  { name: 'help', usage: ':help', description: 'show the keys', run: ({ help }) => void help() },
  { name: 'quit', aliases: ['q'], usage: ':q', description: 'quit', run: ({ quit }) => void quit() },
];

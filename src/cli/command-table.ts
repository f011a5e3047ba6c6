// Every command with its one-line summary; modules load only when their command runs.

export type CommandRun = (args: string[]) => Promise<number>;

export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'logs', usage: 'logs [SVC...] [--env E] [-f] [--grep RE] [--level L] [--since D] [--tail N] [--json]', summary: 'print or follow service logs (masked), for pipes', load: () => import('./commands/logs.js') },
  { name: 'validate', usage: 'validate [FILES]', summary: 'check profiles and runbooks; errors as file:line:col: message', load: () => import('./commands/validate.js') },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

// Every command with its one-line summary; modules load only when their command runs.

export type CommandRun = (args: string[]) => Promise<number>;

export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'validate', usage: 'validate [FILES]', summary: 'check profiles and runbooks; errors as file:line:col: message', load: () => import('./commands/validate.js') },
  { name: 'audit', usage: 'audit verify', summary: "check the audit log's hash chain", load: () => import('./commands/audit.js') },
  { name: 'unlock', usage: 'unlock --env E --force', summary: 'clear an environment lock (audited)', load: () => import('./commands/unlock.js') },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

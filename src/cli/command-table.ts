// Every command with its one-line summary; modules load only when their command runs.

export type CommandRun = (args: string[]) => Promise<number>;

export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'run', usage: 'run RUNBOOK --env E [options]', summary: 'run a runbook headless: plan, then step by step', load: () => import('./commands/run.js') },
  { name: 'mask', usage: 'mask < in > out', summary: 'copy stdin to stdout with secrets masked (for runbook scripts)', load: () => import('./commands/mask.js') },
  { name: 'validate', usage: 'validate [FILES]', summary: 'check profiles and runbooks; errors as file:line:col: message', load: () => import('./commands/validate.js') },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

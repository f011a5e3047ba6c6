// Every command with its one-line summary; modules load only when their command runs.

export type CommandRun = (args: string[]) => Promise<number>;

export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
  /** Internal commands (the detached runner) are not listed in the help. */
  hidden?: boolean;
  /** Prints JSON with --json (cli/json-output.ts); any other command refuses --json. */
  json?: true;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'status', usage: 'status [--env E] [--json] [--watch]', summary: 'health of every service; exit 0 all healthy, 1 otherwise', json: true, load: () => import('./commands/status.js') },
  { name: 'start', usage: 'start SVC...|--all [--env E]', summary: 'start services in dependency order, waiting for health', json: true, load: () => lifecycleCommand('start') },
  { name: 'stop', usage: 'stop SVC...|--all [--env E]', summary: 'stop services, dependants first', json: true, load: () => lifecycleCommand('stop') },
  { name: 'restart', usage: 'restart SVC...|--all [--env E]', summary: 'stop then start services, waiting for health', json: true, load: () => lifecycleCommand('restart') },
  { name: 'mask', usage: 'mask < in > out', summary: 'copy stdin to stdout with secrets masked (for runbook scripts)', load: () => import('./commands/mask.js') },
  { name: 'logs', usage: 'logs [SVC...] [-f] [--grep RE] [--level L]', summary: 'print or follow service logs (masked), for pipes', json: true, load: () => import('./commands/logs.js') },
  { name: 'validate', usage: 'validate [FILES]', summary: 'check profiles and runbooks; errors as file:line:col: message', json: true, load: () => import('./commands/validate.js') },
  { name: 'run', usage: 'run RUNBOOK --env E [options]', summary: 'run a runbook (detached runner): plan, then step by step', json: true, load: () => import('./commands/run.js') },
  { name: 'attach', usage: 'attach [RUN]', summary: 'follow a running or waiting run and answer its questions', load: () => import('./commands/attach.js') },
  { name: 'resume', usage: 'resume [RUN] [--rerun|--mark-done|--abort]', summary: 'continue a run whose runner died', load: () => import('./commands/resume.js') },
  { name: 'history', usage: 'history [--json]', summary: 'past and current runs', json: true, load: () => import('./commands/history.js') },
  { name: 'show', usage: 'show RUN', summary: "a run's report (or journal summary)", load: () => import('./commands/show.js') },
  { name: '__runner', usage: '__runner RUN', summary: 'the detached runner (internal)', hidden: true, load: () => import('./commands/runner.js') },
  { name: '__service-log', usage: '__service-log FILE', summary: "masks a process service's output into its log file (internal)", hidden: true, load: () => import('./commands/service-log.js') },
  { name: 'audit', usage: 'audit verify', summary: "check the audit log's hash chain", json: true, load: () => import('./commands/audit.js') },
  { name: 'incident', usage: 'incident start|note|severity|assign|resolve|list|show|export', summary: 'incidents: timeline, targets, escalation, postmortem draft', json: true, load: () => import('./commands/incident.js') },
  { name: 'import', usage: 'import compose FILE [--project N] [-o FILE]', summary: 'write a first profile from a docker-compose file (guesses commented)', load: () => import('./commands/import.js') },
  { name: 'env', usage: 'env check --env E [--json]', summary: 'required, renamed, deprecated and malformed variables (values never shown)', json: true, load: () => import('./commands/env.js') },
  { name: 'maintenance', usage: 'maintenance start --env E --for 30m --reason R | status', summary: 'open an ad-hoc maintenance window (audited), or show the active/next one', json: true, load: () => import('./commands/maintenance.js') },
  { name: 'unlock', usage: 'unlock --env E --force', summary: 'clear an environment lock (audited)', load: () => import('./commands/unlock.js') },
];

function lifecycleCommand(action: 'start' | 'stop' | 'restart'): Promise<{ run: CommandRun }> {
  return import('./commands/lifecycle.js').then((m) => ({ run: (args: string[]) => m.runLifecycle(action, args) }));
}

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** Options that take a value when given before the command (`--logs` is the console's own). */
const VALUE_OPTIONS = new Set(['--dir', '--profile', '--env', '-e', '--logs']);

/**
 * `opsdeck --dir ops validate`: global options written before the command are moved after it
 * (they used to open the console, which then said it needs a terminal). Undefined when no
 * command name follows the options: that is the console. (bin/opsdeck.js's shell line reads argv
 * the same way to start the console alone with its heap flags.)
 */
export function commandAfterGlobals(argv: readonly string[]): string[] | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (!a.startsWith('-')) return findCommand(a) ? [a, ...argv.slice(0, i), ...argv.slice(i + 1)] : undefined;
    if (VALUE_OPTIONS.has(a)) i++;
  }
  return undefined;
}

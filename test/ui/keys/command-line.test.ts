// The `:` command line's answer to a name it does not know: the project's one did-you-mean guess.
import { describe, expect, it } from 'vitest';
import { runCommandLine, type CommandSpec } from '../../../src/ui/keys/command-line.js';

const ran: string[] = [];
const COMMANDS: CommandSpec<null>[] = [
  { name: 'history', usage: ':history', description: 'past runs', run: () => void ran.push('history') },
  { name: 'restart', usage: ':restart S', description: 'restart a service', dangerous: true, run: () => void ran.push('restart') },
  { name: 'quit', aliases: ['q'], usage: ':q', description: 'quit', run: () => void ran.push('quit') },
];

describe('runCommandLine', () => {
  it('guesses the closest command for a mistyped name, none when nothing is close', () => {
    expect(runCommandLine(':hstory', COMMANDS, null)).toBe('unknown command ":hstory" (did you mean ":history"?) — try :history, :restart, :quit');
    expect(runCommandLine(':zzzzzz', COMMANDS, null)).toBe('unknown command ":zzzzzz" — try :history, :restart, :quit');
    expect(ran).toEqual([]);
  });

  it('in read-only mode guesses no command that mode refuses', () => {
    expect(runCommandLine(':restrat', COMMANDS, null)).toContain('(did you mean ":restart"?)');
    expect(runCommandLine(':restrat', COMMANDS, null, 'read-only')).not.toContain('did you mean');
  });
});

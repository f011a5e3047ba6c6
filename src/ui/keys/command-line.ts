// The `:` command line as data: `:env production`, `:q`. Later features add entries
// (`:run backup`); parsing is pure and tested without Ink.
import { didYouMean } from '../../domain/did-you-mean.js';

export interface CommandSpec<C> {
  name: string;
  aliases?: readonly string[];
  usage: string;
  description: string;
  /** Changes something: not offered (help) nor accepted in read-only mode. */
  dangerous?: boolean;
  /** Runs with the words after the name; returns an error message or undefined. */
  run(ctx: C, args: string[]): string | undefined;
}

export function parseCommandLine(text: string): { name: string; args: string[] } | undefined {
  const words = text.trim().replace(/^:/, '').split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  return { name: words[0]!, args: words.slice(1) };
}

/** `readOnly`: why dangerous commands are refused now (read-only mode), or undefined. */
export function runCommandLine<C>(text: string, commands: readonly CommandSpec<C>[], ctx: C, readOnly?: string): string | undefined {
  const parsed = parseCommandLine(text);
  if (!parsed) return undefined;
  const cmd = commands.find((c) => c.name === parsed.name || c.aliases?.includes(parsed.name));
  if (cmd?.dangerous && readOnly) return `${readOnly}: :${cmd.name} is not offered (:write leaves read-only mode, typed and audited)`;
  if (!cmd) {
    // The guess is among the commands accepted now (read-only mode refuses the dangerous ones).
    const offered = commands.filter((c) => !(c.dangerous && readOnly)).flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    return `unknown command ":${parsed.name}"${didYouMean(parsed.name, offered, ':')} — try ${commands.map((c) => `:${c.name}`).join(', ')}`;
  }
  return cmd.run(ctx, parsed.args);
}

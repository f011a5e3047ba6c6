// Option parsing shared by every command: node's parseArgs with the global options added.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../domain/errors.js';
import { COMMANDS } from './command-table.js';

export const GLOBAL_OPTIONS = {
  dir: { type: 'string' },
  profile: { type: 'string' },
  env: { type: 'string', short: 'e' },
  ascii: { type: 'boolean' },
  readonly: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  demo: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export type GlobalValues = {
  dir?: string;
  profile?: string;
  env?: string;
  ascii?: boolean;
  readonly?: boolean;
  help?: boolean;
  /** Outside an ops repo, use the embedded demo (headless commands refuse without it). */
  demo?: boolean;
};

/**
 * Read-only mode asked for: --readonly or OPSDECK_READONLY set. Fails safe: any value but empty,
 * 0, false, no or off is read-only (OPSDECK_READONLY=on or =Y must not leave a console writable).
 */
export function readOnlyRequested(values: GlobalValues, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.OPSDECK_READONLY ?? '').trim();
  return !!values.readonly || (v !== '' && !/^(0|false|no|off)$/i.test(v));
}

export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    // --json is each command's own option (cli/json-output.ts): asked of one that has none, say so.
    if (!('json' in options) && args.includes('--json')) {
      throw new UsageError(`${command} has no JSON output (--json)`, `commands with --json: ${COMMANDS.filter((c) => c.json).map((c) => c.name).join(', ')}`);
    }
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    // The console itself is `opsdeck`: the top-level handler already says "opsdeck: ".
    if (command === 'opsdeck') throw new UsageError(msg, 'see `opsdeck --help`');
    throw new UsageError(`${command}: ${msg}`, `see \`opsdeck ${command} --help\``);
  }
}

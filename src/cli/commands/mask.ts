// `opsdeck mask`: copies stdin to stdout with secrets masked (the profile's secret values and
// common credential shapes). For runbook shell steps that write bundles: `… | "$OPSDECK_NODE" "$OPSDECK_CLI" mask`.
import { createInterface } from 'node:readline';
import { EXIT } from '../../domain/errors.js';
import { createLineMasker } from '../../domain/text/line-masker.js';
import { parseCommandArgs } from '../cli-args.js';
import { profileRedactor } from '../profile-redactor.js';
import { safeText } from '../safe-write.js';

const HELP = `Usage: opsdeck mask [--dir DIR] [--profile NAME] < in > out

Copies stdin to stdout line by line with the profile's secret values and credential shapes
(passwords in URLs, Authorization headers, *_TOKEN=/*_KEY=/password= pairs, private keys) masked,
and terminal control characters (ESC, CSI, OSC, C1) shown as ^[-style text, never passed raw.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('mask', args, {});
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const masker = createLineMasker(profileRedactor(values.dir, values.profile));
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  // What it copies is service output and environments that someone will cat: shown, never obeyed.
  for await (const line of rl) process.stdout.write(safeText(masker.line(line)) + '\n');
  return EXIT.ok;
}

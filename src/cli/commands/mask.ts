// `opsdeck mask`: copies stdin to stdout with secrets masked (the profile's secret values and
// common credential shapes). For runbook shell steps that write bundles: `… | "$OPSDECK_NODE" "$OPSDECK_CLI" mask`.
import { createInterface } from 'node:readline';
import { EXIT } from '../../domain/errors.js';
import { createRedactor, secretValuesFrom } from '../../domain/text/redaction.js';
import { createLineMasker } from '../../domain/text/line-masker.js';
import { parseCommandArgs } from '../cli-args.js';
import { resolveOpsDir } from '../../adapters/fs/ops-dir.js';
import { selectProfile } from '../../adapters/fs/profile-loader.js';

const HELP = `Usage: opsdeck mask [--dir DIR] [--profile NAME] < in > out

Copies stdin to stdout line by line with the profile's secret values and credential shapes
(passwords in URLs, Authorization headers, *_TOKEN=/*_KEY=/password= pairs, private keys) masked.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('mask', args, {});
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  let secrets: string[] = [];
  try {
    secrets = selectProfile(resolveOpsDir(values.dir).root, values.profile ?? process.env.OPSDECK_PROFILE).secrets;
  } catch {
    /* no usable profile: credential shapes are still masked */
  }
  const masker = createLineMasker(createRedactor(secretValuesFrom(secrets, process.env)));
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) process.stdout.write(masker.line(line) + '\n');
  return EXIT.ok;
}

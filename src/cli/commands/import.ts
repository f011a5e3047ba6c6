// `opsdeck import compose FILE [--project NAME] [-o profiles/NAME.yaml] [--force]`: a first
// profile from a docker-compose file, printed or written; it validates before it is written.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT, UsageError } from '../../domain/errors.js';
import { validateProfileData } from '../../domain/profile/validate-profile.js';
import { importComposeFile } from '../../adapters/fs/compose-file.js';
import { parseCommandArgs } from '../cli-args.js';

const HELP = `Usage: opsdeck import compose FILE [--project NAME] [-o profiles/NAME.yaml] [--force]

Writes a profile from a docker-compose file: every compose service as a docker service (found by
its compose labels, replicas included), depends_on, published ports as http/tcp checks, the
variables the file takes from the shell as requires, credential-looking names as secrets.
Comments in the output say what was guessed. Prints to stdout unless -o is given; an existing
file is kept unless --force.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', args, { project: { type: 'string' }, output: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const [kind, file, ...rest] = positionals;
  if (kind !== 'compose' || !file || rest.length) throw new UsageError('usage: opsdeck import compose FILE [--project NAME] [-o FILE]', 'only docker-compose files can be imported');
  const result = importComposeFile(file, values.project);
  const problems = validateProfileData(result.profile).problems;
  if (problems.length) throw new UsageError(`the profile made from ${file} does not validate: ${problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`);
  if (!values.output) {
    process.stdout.write(result.yaml);
    return EXIT.ok;
  }
  if (existsSync(values.output) && !values.force) throw new UsageError(`${values.output} exists`, 'add --force to replace it');
  mkdirSync(dirname(values.output), { recursive: true });
  writeFileSync(values.output, result.yaml);
  const count = Object.keys(result.profile.services as object).length;
  process.stderr.write(`wrote ${values.output}: ${count} service(s) from compose project "${result.project}"; review the comments, then: opsdeck validate\n`);
  return EXIT.ok;
}

// The environment check from its two sources: the process environment and the environment's
// `env_file:` (read with dotenv's parser; refused when it holds a secret and group or others
// can read it). Shared by `opsdeck env check`, the console's environment panel and `run`.
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import { checkEnvironment, type EnvProblem } from '../../domain/profile/env-check.js';
import { readEnvFile } from '../../adapters/fs/env-file.js';

export interface EnvCheckReport {
  profile: string;
  environment: string;
  envFile?: { file: string; ok: boolean };
  problems: EnvProblem[];
  requiredSet: string[];
  /** Lines of the env file dotenv skipped: worth a look, not a failure. */
  notes: string[];
}

export function runEnvCheck(profile: Profile, environment: Environment, processEnv: NodeJS.ProcessEnv = process.env): EnvCheckReport {
  let file: Record<string, string> | undefined;
  const problems: EnvProblem[] = [];
  const notes: string[] = [];
  let envFile: EnvCheckReport['envFile'];
  if (environment.envFile) {
    const read = readEnvFile(environment.envFile, { secretNames: profile.secrets, baseDir: profile.baseDir });
    envFile = { file: read.file, ok: read.ok };
    if (read.ok) {
      file = read.values;
      notes.push(...read.problems.map((p) => p.message));
    } else problems.push(...read.problems.map((p): EnvProblem => ({ kind: 'env-file', name: 'env_file', message: p.message })));
  }
  const check = checkEnvironment(environment, { process: processEnv, file, fileName: envFile?.file });
  return { profile: profile.name, environment: environment.name, ...(envFile ? { envFile } : {}), problems: [...problems, ...check.problems], requiredSet: check.requiredSet, notes };
}

/** The report as lines, for the terminal (the caller passes each through terminalSafe). */
export function envCheckLines(r: EnvCheckReport): string[] {
  const label: Record<EnvProblem['kind'], string> = { missing: 'MISSING', renamed: 'RENAMED', deprecated: 'DEPRECATED', format: 'FORMAT', 'env-file': 'ENV FILE' };
  const sources = `process environment${r.envFile ? ` + env file ${r.envFile.file}${r.envFile.ok ? '' : ' (REFUSED)'}` : ''}`;
  return [
    `env check ${r.profile}/${r.environment} (${sources})`,
    ...r.problems.map((p) => `  ${label[p.kind].padEnd(10)} ${p.message}`),
    ...r.notes.map((n) => `  note       ${n}`),
    r.problems.length ? `${r.problems.length} problem(s); ${r.requiredSet.length} required variable(s) set` : `ok: ${r.requiredSet.length} required variable(s) set, nothing renamed, deprecated or malformed`,
  ];
}

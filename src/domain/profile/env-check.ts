// `opsdeck env check`: an environment's variables against what the profile says — required
// ones missing, renamed ones still under their old name (the exact rename to do), deprecated
// ones still set, values not matching their `formats` pattern. Sources: the process
// environment and the environment's env file. No value is ever put in a message: not a
// secret's, not even masked or partly, and not any other (a name may be a secret nobody
// declared).
import type { Environment } from './profile-model.js';

export type EnvSourceName = 'process environment' | 'env file';

export interface EnvSources {
  process: Readonly<Record<string, string | undefined>>;
  /** The env file's values, when it was read (undefined: none declared or refused). */
  file?: Readonly<Record<string, string>>;
  fileName?: string;
}

export type EnvProblemKind = 'missing' | 'renamed' | 'deprecated' | 'format' | 'env-file';

export interface EnvProblem {
  kind: EnvProblemKind;
  name: string;
  /** For a rename: the name it should have. */
  newName?: string;
  /** Where the variable was found. */
  source?: EnvSourceName;
  message: string;
}

export interface EnvCheck {
  problems: EnvProblem[];
  /** Required variables that are set. */
  requiredSet: string[];
}

function lookup(s: EnvSources, name: string): { source: EnvSourceName } | undefined {
  const p = s.process[name];
  if (p !== undefined && p !== '') return { source: 'process environment' };
  const f = s.file?.[name];
  if (f !== undefined && f !== '') return { source: 'env file' };
  return undefined;
}

function value(s: EnvSources, name: string): string | undefined {
  const p = s.process[name];
  return p !== undefined && p !== '' ? p : s.file?.[name] || undefined;
}

const where = (src: EnvSourceName, s: EnvSources) => (src === 'env file' && s.fileName ? `env file ${s.fileName}` : src);

export function checkEnvironment(env: Environment, s: EnvSources): EnvCheck {
  const problems: EnvProblem[] = [];
  const requiredSet: string[] = [];
  const renamedFrom = new Map(Object.entries(env.renamed).map(([oldName, newName]) => [newName, oldName]));
  for (const [oldName, newName] of Object.entries(env.renamed)) {
    const old = lookup(s, oldName);
    if (old && !lookup(s, newName)) problems.push({ kind: 'renamed', name: oldName, newName, source: old.source, message: `${oldName} was renamed to ${newName}: ${oldName} is set (${where(old.source, s)}), ${newName} is not — rename ${oldName} to ${newName}` });
    else if (old) problems.push({ kind: 'deprecated', name: oldName, newName, source: old.source, message: `${oldName} is still set (${where(old.source, s)}) beside its new name ${newName}: remove ${oldName}` });
  }
  for (const name of env.requires) {
    if (lookup(s, name)) {
      requiredSet.push(name);
      continue;
    }
    const old = renamedFrom.get(name);
    if (old && lookup(s, old)) continue; // reported as a rename
    problems.push({ kind: 'missing', name, message: `${name} is required and not set (${s.fileName ? `neither in the process environment nor in env file ${s.fileName}` : 'process environment'})` });
  }
  for (const name of env.deprecated) {
    const found = lookup(s, name);
    if (found) problems.push({ kind: 'deprecated', name, source: found.source, message: `${name} is deprecated and still set (${where(found.source, s)}): remove it` });
  }
  for (const [name, pattern] of Object.entries(env.formats)) {
    const v = value(s, name);
    if (v === undefined) continue;
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch {
      continue; // reported by validate
    }
    if (!re.test(v)) problems.push({ kind: 'format', name, source: lookup(s, name)!.source, message: `${name} (${where(lookup(s, name)!.source, s)}) does not match its format /${pattern}/ (the value is not shown)` });
  }
  return { problems, requiredSet };
}

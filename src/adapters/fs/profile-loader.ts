// Reads profiles from disk and turns them into validated models or positioned problems.
import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { PathProblem } from '../../domain/schema-problems.js';
import type { ProfileFile } from '../../domain/profile/profile-schema.js';
import { ConfigError, UsageError, type ConfigProblem } from '../../domain/errors.js';
import { validateProfileData } from '../../domain/profile/validate-profile.js';
import { toProfile, type Profile } from '../../domain/profile/profile-model.js';
import { resolvePathVars } from '../../domain/profile/path-vars.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';
import { defaultProfileCache, type ProfileCache } from './profile-cache.js';
import { laterOrAtExit } from '../process/later-or-at-exit.js';
import { compileCron } from '../schedule/cron.js';
import { maintenanceProblems } from '../../domain/maintenance/windows.js';
import { profileFiles } from './ops-dir.js';

export interface LoadedProfile {
  profile?: Profile;
  problems: ConfigProblem[];
  /** Valid but suspicious (validate prints them; they do not fail it). */
  warnings?: ConfigProblem[];
}

/** Where a `logs.file` is expected: the ops dir, or the system's log dirs. */
const SYSTEM_LOG_DIRS = ['/var/log', '/run/log', '/var/lib/docker/containers'];

const inside = (path: string, dir: string): boolean => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** A `logs.file` outside the ops dir and the system log dirs (`../../etc/shadow`): opsdeck would show it. */
function logFileWarnings(file: ProfileFile, baseDir: string): PathProblem[] {
  const out: PathProblem[] = [];
  for (const [svc, spec] of Object.entries(file.services ?? {})) {
    (spec.logs ?? []).forEach((l, i) => {
      if (!('file' in l)) return;
      const path = isAbsolute(l.file) ? resolve(l.file) : resolve(baseDir, l.file);
      // Where it really is: a symlink in the ops dir (logs/a.log -> /etc/shadow) leads out of it.
      const real = realPath(path);
      const ok = (p: string) => inside(p, realPath(baseDir)) || inside(p, baseDir) || SYSTEM_LOG_DIRS.some((d) => inside(p, d));
      if (ok(path) && ok(real)) return;
      const shown = real === path ? path : `${path}, which resolves to ${real}`;
      out.push({ path: ['services', svc, 'logs', i, 'file'], message: `warning: log file ${l.file} (${shown}) is outside the ops dir and the system log dirs (${SYSTEM_LOG_DIRS.join(', ')}): the console will show its content to whoever opens the service's logs` });
    });
  }
  return out;
}

/** The path with its symlinks resolved, as far as it exists (a log file may not exist yet). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}

/** Shown in messages: relative to the current directory when that is shorter. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

export interface LoadProfileOptions {
  /** Validated forms kept between starts (profile-cache.ts). @default the build's; none unbundled */
  cache?: ProfileCache;
  /**
   * Write a newly validated form a second after the load (or at exit), not during it: the
   * console's first frame does not wait on it (~20 ms of a 1,000-service profile's first start
   * after an edit, npm run bench -- cold-start). @default false: written before returning
   */
  writeCacheLater?: boolean;
}

/** After a load that wrote its cache later: the write was not lost to a quick exit. */
const CACHE_WRITE_AFTER_MS = 1000;

export function loadProfileFile(file: string, options: LoadProfileOptions = {}): LoadedProfile {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { problems: [{ file: shown, line: 1, col: 1, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  const cache = 'cache' in options ? options.cache : defaultProfileCache();
  // Parsed only when needed: always without a kept form, else only to point at a problem.
  let parsed: YamlSource | undefined;
  const src = () => (parsed ??= parseYamlSource(shown, text));
  let valid = cache?.read(file, text);
  if (valid) {
    const problems = maintenanceProblems(valid, compileCron).map((p) => src().locate(p));
    if (problems.length) return { problems };
  } else {
    if (src().syntaxProblems.length) return { problems: src().syntaxProblems };
    const result = validateProfileData(src().data);
    const problems = [...result.problems, ...(result.file ? maintenanceProblems(result.file, compileCron) : [])].map(src().locate);
    if (!result.file || problems.length) return { problems };
    valid = result.file;
    cache?.write(file, text, valid, options.writeCacheLater ? (keep) => laterOrAtExit(keep, CACHE_WRITE_AFTER_MS) : undefined);
  }
  const baseDir = dirname(dirname(file));
  const profile = toProfile(valid, { file, baseDir });
  for (const env of Object.values(profile.environments)) env.vars = resolvePathVars(env.vars, (rel) => resolve(baseDir, rel));
  const warnings = logFileWarnings(valid, baseDir);
  return { profile, problems: [], warnings: warnings.length ? warnings.map((p) => src().locate(p)) : [] };
}

export function profileNames(root: string): string[] {
  return profileFiles(root).map((f) => basename(f).replace(/\.ya?ml$/, ''));
}

/**
 * The profile to use: by name, or the only one. Several without a choice is a UsageError
 * listing them (the TUI offers a picker instead of calling this).
 */
export function selectProfile(root: string, name: string | undefined): Profile {
  const files = profileFiles(root);
  if (files.length === 0) throw new UsageError(`no profiles in ${displayPath(root)}/profiles`, 'create profiles/NAME.yaml, or pass --dir DIR');
  let file: string | undefined;
  if (name) {
    file = files.find((f) => basename(f).replace(/\.ya?ml$/, '') === name);
    if (!file) throw new UsageError(`no profile named "${name}"; available: ${profileNames(root).join(', ')}`);
  } else if (files.length === 1) file = files[0];
  else throw new UsageError(`several profiles, pick one with --profile NAME (or OPSDECK_PROFILE): ${profileNames(root).join(', ')}`);
  const loaded = loadProfileFile(file!);
  if (!loaded.profile) throw new ConfigError(loaded.problems, 'fix the file, then check with `opsdeck validate`');
  return loaded.profile;
}

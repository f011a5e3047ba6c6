// Reads runbooks from disk, validated against the profile(s) of their ops directory.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname } from 'node:path';
import { ConfigError, UsageError, type ConfigProblem } from '../../domain/errors.js';
import { validateRunbookData, type ProfileFacts } from '../../domain/runbook/validate-runbook.js';
import { toRunbook, type Runbook } from '../../domain/runbook/runbook-model.js';
import type { Profile } from '../../domain/profile/profile-model.js';
import { didYouMean } from '../../domain/did-you-mean.js';
import { parseYamlSource } from './yaml-source.js';
import { profileFiles, runbookFiles } from './ops-dir.js';
import { displayPath, loadProfileFile } from './profile-loader.js';

export interface LoadedRunbook {
  /** File name without .yaml: what `opsdeck run NAME` takes. */
  name: string;
  file: string;
  runbook?: Runbook;
  problems: ConfigProblem[];
}

/**
 * Validates against each given profile whose environments the runbook names (all of them when
 * it names none); valid when valid against one. Otherwise the problems of the closest match.
 */
export function loadRunbookFile(file: string, profiles: readonly ProfileFacts[]): LoadedRunbook {
  const shown = displayPath(file);
  const name = basename(file).replace(/\.ya?ml$/, '');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { name, file, problems: [{ file: shown, line: 1, col: 1, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  const src = parseYamlSource(shown, text);
  if (src.syntaxProblems.length) return { name, file, problems: src.syntaxProblems };
  const bare = validateRunbookData(src.data);
  // Schema errors first; once the shape is right, report structure and profile problems together.
  if (!bare.file || profiles.length === 0) {
    return { name, file, runbook: bare.file && !bare.problems.length ? hashed(toRunbook(bare.file, file), text) : undefined, problems: bare.problems.map(src.locate) };
  }
  const named = bare.file.environments;
  const candidates = profiles.filter((p) => !named || named.every((e) => e in p.environments));
  let best: ConfigProblem[] | undefined;
  for (const p of candidates.length ? candidates : profiles) {
    const result = validateRunbookData(src.data, p);
    if (result.problems.length === 0) return { name, file, runbook: hashed(toRunbook(result.file!, file), text), problems: [] };
    const problems = result.problems.map(src.locate);
    if (!best || problems.length < best.length) best = problems;
  }
  return { name, file, problems: best ?? [] };
}

function hashed(rb: Runbook, text: string): Runbook {
  return { ...rb, sourceHash: createHash('sha256').update(text).digest('hex') };
}

/** Valid profiles of an ops dir (broken ones are reported by `opsdeck validate` on their own). */
export function loadValidProfiles(root: string): Profile[] {
  return profileFiles(root).flatMap((f) => loadProfileFile(f).profile ?? []);
}

/** Every runbook of the ops dir checked against one profile (the TUI's list, `run`). */
export function loadRunbooks(root: string, profile: ProfileFacts): LoadedRunbook[] {
  return runbookFiles(root).map((f) => loadRunbookFile(f, [profile]));
}

/** One runbook by name (file name or `name:`), valid, or a typed error saying what to do. */
export function findRunbook(root: string, name: string, profile: ProfileFacts): Runbook {
  const all = loadRunbooks(root, profile);
  const hit = all.find((r) => r.name === name) ?? all.find((r) => r.runbook?.name === name);
  if (!hit) {
    const names = all.map((r) => r.name);
    throw new UsageError(`no runbook "${name}" in ${displayPath(dirname(all[0]?.file ?? root + '/runbooks/x'))}${didYouMean(name, names)}; available: ${names.join(', ') || 'none'}`);
  }
  if (!hit.runbook) throw new ConfigError(hit.problems, 'fix the runbook, then check with `opsdeck validate`');
  return hit.runbook;
}

/** For `opsdeck validate FILE`: the profiles of the file's own ops dir. */
export function validateRunbookFile(file: string): ConfigProblem[] {
  return loadRunbookFile(file, loadValidProfiles(dirname(dirname(file)))).problems;
}

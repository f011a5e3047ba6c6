// A valid profile's validated form, kept between starts: parsing and validating a 1,000-service
// profile is ~80 ms of a ~250 ms console start on a cold JIT, and the file rarely changes between
// two starts. An entry is used only for the same build of opsdeck (__OPSDECK_BUILD_ID__, a hash of
// the sources the build was made from: unbundled runs, e.g. the tests, have none and keep no
// cache), the same file path and the same bytes; anything else parses and validates as before.
// Only a file with no problem is kept, and only when the kept JSON gives back exactly what
// validation gave. Nothing is kept of a file whose validated form holds anything the redactor
// would mask (a value in a credential shape, alone or as `KEY=value`, or a declared secret's
// value), so the cache never writes a byte that output would mask. Lives beside the code cache ($XDG_CACHE_HOME/opsdeck, else ~/.cache/opsdeck), one
// file per profile path (the most recently written MAX_ENTRIES kept), 0600; NODE_DISABLE_COMPILE_CACHE (every start compiles everything)
// turns it off too. A cache that cannot be read or written is only a slower start.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ProfileFile } from '../../domain/profile/profile-schema.js';
import { createRedactor, secretValuesFrom, type Redactor } from '../../domain/text/redaction.js';

/** Profiles kept: one per path, and every test or bench run uses paths of its own. */
export const MAX_ENTRIES = 64;

declare const __OPSDECK_BUILD_ID__: string | undefined;
const BUILD_ID = typeof __OPSDECK_BUILD_ID__ === 'string' ? __OPSDECK_BUILD_ID__ : undefined;

export interface ProfileCache {
  /** The validated form kept for exactly this file and text, if any. */
  read(file: string, text: string): ProfileFile | undefined;
  /**
   * Keeps `valid` (what validation gave for `text`) when it may be kept; never throws. With
   * `later`, only the snapshot is taken now; the checks and the write run when `later` calls back.
   */
  write(file: string, text: string, valid: ProfileFile, later?: (keep: () => void) => void): void;
}

interface Entry {
  key: string;
  profile: ProfileFile;
}

/** The build's cache, or undefined: unbundled, or turned off by NODE_DISABLE_COMPILE_CACHE. */
export function defaultProfileCache(env: NodeJS.ProcessEnv = process.env): ProfileCache | undefined {
  if (!BUILD_ID || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  return createProfileCache({ dir: join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'opsdeck', 'profiles'), buildId: BUILD_ID, env });
}

export function createProfileCache(o: { dir: string; buildId: string; env?: NodeJS.ProcessEnv }): ProfileCache {
  const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
  const entryFile = (file: string) => join(o.dir, `${sha1(resolve(file))}.json`);
  const keyOf = (file: string, text: string) => sha1(`${o.buildId}\0${resolve(file)}\0${text}`);
  return {
    read(file, text) {
      try {
        const entry = JSON.parse(readFileSync(entryFile(file), 'utf8')) as Entry;
        return entry.key === keyOf(file, text) ? entry.profile : undefined;
      } catch {
        return undefined; // none yet, or damaged: validate
      }
    },
    write(file, text, valid, later) {
      let json: string;
      try {
        // Taken now: a form changed after this (the console holds it) no longer equals the
        // snapshot when the check below runs, and is then not kept.
        json = JSON.stringify({ key: keyOf(file, text), profile: valid } satisfies Entry);
      } catch {
        return; // not plain data: not kept
      }
      const keep = () => {
        try {
          const kept = (JSON.parse(json) as Entry).profile;
          if (!isDeepStrictEqual(kept, valid)) return; // not plain JSON data, or changed since: not kept
          if (holdsSecret(kept, createRedactor(secretValuesFrom(kept.secrets, o.env ?? process.env)))) return;
          mkdirSync(o.dir, { recursive: true, mode: 0o700 });
          const target = entryFile(file);
          const tmp = `${target}.${process.pid}.tmp`;
          writeFileSync(tmp, json, { mode: 0o600 });
          renameSync(tmp, target);
          prune(o.dir);
        } catch {
          /* read-only or full cache dir: the next start validates again */
        }
      };
      if (later) later(keep);
      else keep();
    },
  };
}

/** Any string in `value` the redactor masks, alone or after its key (`DB_PASSWORD=hunter2`). */
function holdsSecret(value: unknown, redactor: Redactor, key?: string): boolean {
  if (typeof value === 'string') {
    return masks(value, redactor) || (key !== undefined && masks(`${key}=${value}`, redactor));
  }
  if (Array.isArray(value)) return value.some((v) => holdsSecret(v, redactor));
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => masks(k, redactor) || holdsSecret(v, redactor, k));
  return false;
}

const masks = (t: string, redactor: Redactor) => redactor.redact(t) !== t;

/** Removes all but the MAX_ENTRIES most recently written entries. */
function prune(dir: string): void {
  const names = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const written = (f: string) => {
    try {
      return statSync(join(dir, f)).mtimeMs;
    } catch {
      return 0;
    }
  };
  const byAge = names.map((f) => ({ f, at: written(f) })).sort((a, b) => b.at - a.at);
  for (const { f } of byAge.slice(MAX_ENTRIES)) rmSync(join(dir, f), { force: true });
}

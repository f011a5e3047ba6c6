// Where run state lives: OPSDECK_STATE_DIR, else $XDG_STATE_HOME/opsdeck, else ~/.local/state/opsdeck.
// The state dir holds the audit log, journals, locks and service output: anyone who can write
// in it can forge or redirect them. So a state dir (or a folder in it) not owned by the user,
// writable by group or others, or a symlink inside it, is refused with how to fix it; and
// state files are opened without following symlinks (openStateFile).
import { closeSync, constants, lstatSync, rmSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, type Dirent, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { OpsdeckError, EXIT } from '../../domain/errors.js';

const checked = new Set<string>();

/** Where the state dir is, without creating or checking it (to ask whether something exists). */
export function stateDirPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPSDECK_STATE_DIR || join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'opsdeck');
}

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = stateDirPath(env);
  if (!checked.has(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    checkStateTree(dir);
    checked.add(dir);
  }
  return dir;
}

/** A subfolder of the state dir, created private (0700) on first use, and checked. */
export function stateSubdir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = join(stateDir(env), name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!checked.has(dir)) {
    checkFolder(dir, lstatSync(dir));
    checked.add(dir);
  }
  return dir;
}

/** Exit 2, like a broken config: nothing runs until the operator fixes it. */
export class UnsafeStateDirError extends OpsdeckError {
  readonly exitCode = EXIT.config;
  constructor(message: string, hint: string) {
    super(message);
    this.name = 'UnsafeStateDirError';
    this.hint = hint;
  }
}

/**
 * The state dir itself (it may be a symlink the user chose) and two levels of folders in it,
 * except the folders of runs (runs/<id>): a year of runs is thousands of them, and an lstat of
 * each was ~45 ms of every start with 5,000 (npm run bench -- runs-history). Of those only a
 * symlink, which the listing itself shows, is refused here; their owner and mode are checked
 * when the run is first used in a process (runPaths, and the run catalog before it reads a
 * journal), so nothing is read from a run folder others could write in.
 */
export function checkStateTree(dir: string): void {
  const uid = process.getuid?.();
  checkFolder(dir, statSync(dir), uid);
  const runs = join(dir, 'runs');
  let level = [dir];
  for (let depth = 0; depth < 2 && level.length; depth++) {
    const next: string[] = [];
    for (const parent of level) {
      let entries: Dirent[];
      try {
        entries = readdirSync(parent, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        // A plain file is not a folder to check; a symlink of any kind is refused.
        if (e.isFile()) continue;
        if (parent === runs) {
          if (e.isSymbolicLink()) throw symlinkInStateDir(parent, join(parent, e.name));
          continue;
        }
        const path = join(parent, e.name);
        let st: Stats;
        try {
          st = lstatSync(path);
        } catch {
          continue;
        }
        if (st.isSymbolicLink()) throw symlinkInStateDir(parent, path);
        if (!st.isDirectory()) continue;
        checkFolder(path, st, uid);
        next.push(path);
      }
    }
    level = next;
  }
}

const symlinkInStateDir = (parent: string, path: string) =>
  new UnsafeStateDirError(`state dir ${parent}: ${path} is a symlink; opsdeck never follows symlinks in its state dir`, `remove it (\`rm ${path}\`) and check who planted it`);

function checkFolder(path: string, st: Stats, uid = process.getuid?.()): void {
  if (uid !== undefined && st.uid !== uid) {
    throw new UnsafeStateDirError(`state dir ${path} is owned by uid ${st.uid}, not by you (uid ${uid}): whoever owns it can forge the audit log and journals`, `use a state dir of your own (OPSDECK_STATE_DIR), or \`sudo chown -R ${uid} ${path}\` if it is yours`);
  }
  if (st.isSymbolicLink()) throw new UnsafeStateDirError(`state dir ${path} is a symlink`, `remove it (\`rm ${path}\`)`);
  if ((st.mode & 0o022) !== 0) {
    throw new UnsafeStateDirError(`state dir ${path} is writable by ${st.mode & 0o020 ? 'group' : ''}${(st.mode & 0o022) === 0o022 ? ' and ' : ''}${st.mode & 0o002 ? 'others' : ''} (mode ${(st.mode & 0o777).toString(8)}): they could forge the audit log and journals`, `\`chmod go-w ${path}\` (opsdeck creates it 0700)`);
  }
}

type OpenMode = 'append' | 'append-read' | 'create-new' | 'read';
const FLAGS: Record<OpenMode, number> = {
  append: constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
  'append-read': constants.O_RDWR | constants.O_APPEND | constants.O_CREAT,
  'create-new': constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
  read: constants.O_RDONLY,
};

/**
 * The folder a state file is opened in, or a run's folder when the run is used, checked once per
 * process like the tree's top levels (the start-up scan stops at two levels, services/<profile>/<env>/
 * is below it, and it leaves run folders out). The state dir itself may be a symlink the user
 * chose; a folder in it may not.
 */
export function checkStateFolder(dir: string): void {
  if (checked.has(dir)) return;
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch {
    return; // not there: the open fails with its own error
  }
  if (st.isSymbolicLink() && dir === stateDirPath()) st = statSync(dir);
  checkFolder(dir, st);
  checked.add(dir);
}

/** open() a state file without following a symlink at its name (ELOOP says who planted one). */
export function openStateFile(path: string, mode: OpenMode, perm = 0o600): number {
  checkStateFolder(dirname(path));
  try {
    return openSync(path, FLAGS[mode] | (constants.O_NOFOLLOW ?? 0), perm);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new UnsafeStateDirError(`${path} is a symlink; opsdeck never writes through symlinks in its state dir`, `remove it (\`rm ${path}\`) and check who planted it`);
    throw e;
  }
}

/** Writes a new file (fails if the name exists, symlink or not): for temp files before rename(). */
export function writeNewStateFile(path: string, data: string): void {
  // A leftover of a crashed writer (or a planted link) goes first: unlink never follows.
  rmSync(path, { force: true });
  const fd = openStateFile(path, 'create-new');
  try {
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
}

/** A small JSON state file; undefined when it is missing, unreadable, a symlink or not JSON. */
export function readStateJson<T>(path: string): T | undefined {
  let fd: number;
  try {
    fd = openStateFile(path, 'read');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(fd, 'utf8')) as T;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** A state file (a report, a crash log) written whole and atomically: a planted link is replaced, never followed. */
export function writeStateFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeNewStateFile(tmp, text);
  renameSync(tmp, path);
}

/** A small JSON state file written atomically (temp + rename): a reader never sees half of one. */
export function writeStateJson(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeNewStateFile(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, path);
}

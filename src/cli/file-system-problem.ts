// A file-system error names the file and what is wrong with it, instead of reading as an opsdeck
// defect (exit 70): a file where the state dir needs a folder, a folder opsdeck may not write,
// a full or read-only disk. Inside the state dir the hint says how to recover.
import { resolve, sep } from 'node:path';

const MEANING: Record<string, string> = {
  EEXIST: 'something that is not a folder is in the way',
  ENOTDIR: 'a file is where a folder should be',
  EISDIR: 'a folder is where a file should be',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the disk',
  EROFS: 'the file system is read-only',
  ELOOP: 'a symbolic link is in the way (opsdeck does not follow links in its state dir)',
  EMLINK: 'too many links',
  ENAMETOOLONG: 'the path is too long',
};

export interface FileSystemProblem {
  message: string;
  hint?: string;
}

export function fileSystemProblem(err: unknown, stateDir: string): FileSystemProblem | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.path !== 'string' || !(e.code in MEANING)) return undefined;
  const path = resolve(e.path);
  const root = resolve(stateDir);
  const inState = path === root || path.startsWith(root + sep);
  return {
    message: `cannot use ${path}: ${MEANING[e.code]} (${e.code}${e.syscall ? ` in ${e.syscall}` : ''})`,
    hint: inState
      ? `it is in opsdeck's state dir (${root}): move the damaged entry aside (opsdeck recreates what it needs), or point OPSDECK_STATE_DIR elsewhere`
      : undefined,
  };
}

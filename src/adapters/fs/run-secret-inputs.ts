// Where a run's secret input values wait while it runs, waits for an operator or is interrupted:
// never beside the journal (request.json holds only the other inputs), but in a 0600 file in a
// private 0700 folder of the user's runtime dir (XDG_RUNTIME_DIR, a tmpfs cleared at logout;
// else the temp dir), removed when the run ends.
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function uid(): string {
  return String(process.getuid?.() ?? 'user');
}

function roots(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  if (env.XDG_RUNTIME_DIR && existsSync(env.XDG_RUNTIME_DIR)) out.push(env.XDG_RUNTIME_DIR);
  out.push(tmpdir());
  return out.map((r) => join(r, `opsdeck-${uid()}`, 'run-inputs'));
}

/** The folder, created private; refused when someone else owns it or others may read it. */
function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const d of [dir, join(dir, '..')]) {
    const st = lstatSync(d);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o077) !== 0) {
      throw new Error(`${d} is not a private folder of this user: secret inputs are not written there`);
    }
  }
  return dir;
}

const fileIn = (dir: string, runId: string): string => join(dir, `${runId}.json`);

export function writeRunSecretInputs(runId: string, values: Record<string, string>, env: NodeJS.ProcessEnv = process.env): void {
  const dir = privateDir(roots(env)[0]!);
  const file = fileIn(dir, runId);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(values), { mode: 0o600 });
  renameSync(tmp, file);
}

/** The values, or undefined when they are gone (the run ended, or a reboot cleared them). */
export function readRunSecretInputs(runId: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  for (const dir of roots(env)) {
    try {
      const v: unknown = JSON.parse(readFileSync(fileIn(dir, runId), 'utf8'));
      if (v && typeof v === 'object') return v as Record<string, string>;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export function removeRunSecretInputs(runId: string, env: NodeJS.ProcessEnv = process.env): void {
  for (const dir of roots(env)) rmSync(fileIn(dir, runId), { force: true });
}

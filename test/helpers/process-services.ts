// Profiles of real `process` services for lifecycle tests, built through the real schema, and
// the fixture service (test/fixtures/process/svc.mjs) that records its starts and stops.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { profileSchemas, type ProfileInput } from '../../src/domain/profile/profile-schema.js';
import { toProfile, type Profile } from '../../src/domain/profile/profile-model.js';

export const SVC = resolve(import.meta.dirname, '..', 'fixtures', 'process', 'svc.mjs');

export function processProfile(baseDir: string, services: ProfileInput['services'], vars: Record<string, string> = {}): Profile {
  const file = profileSchemas().profileSchema.parse({ name: 'lc', environments: { local: { vars } }, services });
  return toProfile(file, { file: join(baseDir, 'profiles', 'lc.yaml'), baseDir });
}

/** argv for the fixture service. */
export function svc(record: string, ...args: string[]): string[] {
  return [process.execPath, SVC, '--record', record, ...args];
}

export interface Recorded {
  kind: string;
  pid: number;
  at?: number;
}

export function recorded(file: string): Recorded[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [kind, pid, at] = l.split(' ');
      return { kind: kind!, pid: Number(pid), at: at === undefined ? undefined : Number(at) };
    });
}

export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

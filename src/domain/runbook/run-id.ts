// Run ids sort by start time and stay unique: 20261123-191530-deploy-ab12.

/** `random` is 4+ hex chars from the caller (the domain has no entropy source of its own). */
export function makeRunId(now: Date, runbook: string, random: string): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `${stamp}-${runSlug(runbook)}-${random}`;
}

/** The runbook part of a run id; short because the run dir holds a unix socket (path limit ~108). */
export function runSlug(runbook: string): string {
  return runbook.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24).replace(/-+$/, '') || 'run';
}

/** Run ids are used as directory names: only this shape is accepted from the command line. */
export const RUN_ID_RE = /^\d{8}-\d{6}-[a-z0-9-]{1,40}-[0-9a-f]{4,}$/;

export function isRunId(s: string): boolean {
  return RUN_ID_RE.test(s);
}

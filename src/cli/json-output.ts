// The one vocabulary of every `--json` output (README "JSON output"): each document (or each line
// of a stream) is an object whose first key is "version": 1; keys are camelCase; an environment is
// `environment`; times are ISO-8601 UTC strings in keys ending `At` (an event's own time: `at`);
// durations are integer milliseconds in keys ending `Ms`. Printed through jsonSafe, so no control
// character from a service or a file reaches a terminal raw.
import { jsonSafe } from '../domain/text/terminal-text.js';
import type { RunEvent } from '../domain/runbook/run-events.js';

/** Bumped only when a key changes meaning or goes away; new keys do not bump it. */
export const JSON_VERSION = 1;

export type Versioned<T extends object> = { version: typeof JSON_VERSION } & T;

export function versioned<T extends object>(body: T): Versioned<T> {
  return { version: JSON_VERSION, ...body };
}

/** A command's whole answer, indented, with its newline. */
export function jsonDocument(body: object): string {
  return jsonSafe(versioned(body), 2) + '\n';
}

/** One document of a stream (logs, run events, `status --watch`), on one line, without newline. */
export function jsonLine(body: object): string {
  return jsonSafe(versioned(body));
}

/** ISO-8601 UTC for a time in ms since the epoch; null when unknown. */
export function isoAt(ms: number | undefined | null): string | null {
  return ms === undefined || ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/** A run event as `run --json` and `attach --json` print it: its time as ISO. */
export function runEventJson(e: RunEvent): object {
  return { ...e, at: isoAt(e.at) };
}

/** The option a command with JSON output declares (there is no global --json). */
export const JSON_OPTION = { json: { type: 'boolean' } } as const;

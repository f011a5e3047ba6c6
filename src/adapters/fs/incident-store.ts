// Incidents on disk: <stateDir>/incidents/INC-N.jsonl, one event per line. Any number of
// consoles and CLI processes on the host append at once: each event is one write() of one
// whole line on an O_APPEND descriptor (the kernel positions each such write at the end, so
// lines never interleave), then fsync — the same discipline as the run journals. Ids are
// allocated by creating the file with O_EXCL: two processes starting an incident at the same
// moment get different numbers. Files are opened without following symlinks (state-dir.ts).
import { closeSync, existsSync, fsyncSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openStateFile, stateDirPath, stateSubdir } from './state-dir.js';
import { fsyncDir, readJsonLines, type JournalRead } from './jsonl-journal.js';
import type { IncidentEvent } from '../../domain/incident/incident-events.js';

const FILE = /^INC-(\d+)\.jsonl$/;

export function incidentsDir(env: NodeJS.ProcessEnv = process.env): string {
  return stateSubdir('incidents', env);
}

/** Whether any incident was ever recorded here (creates nothing: a health check asks on every cycle). */
export function anyIncidents(env: NodeJS.ProcessEnv = process.env): boolean {
  return existsSync(join(stateDirPath(env), 'incidents'));
}

/** Ids on this host, oldest first. */
export function listIncidentIds(env: NodeJS.ProcessEnv = process.env): string[] {
  return readdirSync(incidentsDir(env))
    .map((f) => FILE.exec(f))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b)
    .map((n) => `INC-${n}`);
}

export function incidentFile(id: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(incidentsDir(env), `${id}.jsonl`);
}

/** Creates the next INC-N with its start event (the id is filled in); returns the id. */
export function createIncident(start: Omit<Extract<IncidentEvent, { type: 'start' }>, 'id'>, env: NodeJS.ProcessEnv = process.env): string {
  const dir = incidentsDir(env);
  const ids = listIncidentIds(env);
  let n = ids.length ? Number(ids[ids.length - 1]!.slice(4)) + 1 : 1;
  for (;;) {
    const id = `INC-${n}`;
    let fd: number;
    try {
      fd = openStateFile(join(dir, `${id}.jsonl`), 'create-new');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        n++;
        continue;
      }
      throw e;
    }
    try {
      writeLine(fd, { ...start, id } as IncidentEvent);
    } finally {
      closeSync(fd);
    }
    fsyncDir(dir);
    return id;
  }
}

export function appendIncidentEvent(id: string, event: IncidentEvent, env: NodeJS.ProcessEnv = process.env): void {
  const fd = openStateFile(incidentFile(id, env), 'append');
  try {
    writeLine(fd, event);
  } finally {
    closeSync(fd);
  }
}

export function readIncidentEvents(id: string, env: NodeJS.ProcessEnv = process.env): JournalRead<IncidentEvent> {
  return readJsonLines<IncidentEvent>(incidentFile(id, env));
}

function writeLine(fd: number, event: IncidentEvent): void {
  // One buffer, one write: a short write (never seen on local files) is finished in a loop.
  const buf = Buffer.from(JSON.stringify(event) + '\n', 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  fsyncSync(fd);
}

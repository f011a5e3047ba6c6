// Ad-hoc maintenance windows (`opsdeck maintenance start`): <stateDir>/maintenance.jsonl, one
// window per line, appended (O_APPEND, one write, fsync) by any process on the host.
import { closeSync, fsyncSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openStateFile, stateDir } from './state-dir.js';
import { readJsonLines } from './jsonl-journal.js';

export interface AdHocRecord {
  profile: string;
  environment: string;
  startMs: number;
  endMs: number;
  reason: string;
  by: string;
}

export function maintenanceFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'maintenance.jsonl');
}

export function appendAdHocWindow(rec: AdHocRecord, env: NodeJS.ProcessEnv = process.env): void {
  const fd = openStateFile(maintenanceFile(env), 'append');
  try {
    const buf = Buffer.from(JSON.stringify(rec) + '\n');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readAdHocWindows(env: NodeJS.ProcessEnv = process.env): AdHocRecord[] {
  return readJsonLines<AdHocRecord>(maintenanceFile(env)).records.filter((r) => typeof r?.startMs === 'number' && typeof r.endMs === 'number');
}

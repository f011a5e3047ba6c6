// Saves what the log viewer shows (already masked at ingestion) to a private file in the state
// dir, formatted like `opsdeck logs` prints it. Returns the path for the status line.
import { join } from 'node:path';
import { stateSubdir, writeStateFile } from '../../adapters/fs/state-dir.js';
import { formatPlain } from '../../domain/logs/log-format.js';
import { linePrefix, prefixWidthOf, type LogLine } from '../../domain/logs/log-line.js';

export async function saveLogLines(lines: readonly LogLine[], label: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = stateSubdir('saved-logs', env);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const safe = label.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 60) || 'logs';
  const file = join(dir, `${safe}-${stamp}.log`);
  const prefixWidth = prefixWidthOf(lines.map(linePrefix));
  const text = lines.map((l) => formatPlain(l, { prefixWidth, color: false })).join('\n');
  // Temp + rename, like every state file: a link planted at the name is replaced, not followed.
  writeStateFile(file, text + (text ? '\n' : ''));
  return file;
}

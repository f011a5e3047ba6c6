// Appends N notes to one incident as fast as it can, through the same desk the CLI uses;
// several of these at once test that concurrent writers lose nothing. Prints per-append
// latencies (ms, one per line) to stdout when asked, for the bench.
import { join } from 'node:path';
import { loadProfileFile } from '../../src/adapters/fs/profile-loader.js';
import { createIncidentDesk } from '../../src/services/incidents/incident-desk.js';
import { appendIncidentEvent } from '../../src/adapters/fs/incident-store.js';

const [, , fixtures, id, who, count, mode] = process.argv;
const { profile } = loadProfileFile(join(fixtures!, 'profiles', 'shop.yaml'));
if (!profile) throw new Error('fixture profile broken');
const desk = createIncidentDesk({ profile, by: `${who}@test` });
const n = Number(count);
const latencies: number[] = [];
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  // "raw": the append alone (the bench's figure); default: the CLI's path (read, check open, append).
  if (mode === 'raw') appendIncidentEvent(id!, { type: 'note', at: Date.now(), by: `${who}@test`, text: `${who} note ${i}` });
  else desk.note(id!, `${who} note ${i}`);
  latencies.push(performance.now() - t0);
}
if (mode === 'raw') process.stdout.write(latencies.map((l) => l.toFixed(3)).join('\n') + '\n');

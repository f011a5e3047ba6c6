// `npm run bench`: runs every bundled benchmark (dist/bench/*.js) in turn; each prints figures.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const dir = 'dist/bench';
const only = process.argv.slice(2);
const benches = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')).sort() : [];
if (benches.length === 0) console.log('no benchmarks built (expected dist/bench/*.js)');
for (const file of benches) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${file.replace(/\.js$/, '')} ===`);
  const r = spawnSync(process.execPath, [`${dir}/${file}`], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) process.exitCode = 1;
}

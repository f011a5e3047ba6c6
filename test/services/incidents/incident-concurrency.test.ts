// Several processes on the host write the same incident at once (two shells adding notes while
// a console records health): nothing may be lost, torn or interleaved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildCli, type BuiltCli } from '../../helpers/build-cli.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { CONSOLE_FIXTURES, shopProfile } from '../../helpers/console-session.js';
import { createIncidentDesk } from '../../../src/services/incidents/incident-desk.js';
import { incidentFile } from '../../../src/adapters/fs/incident-store.js';

const EACH = 500;

describe('concurrent incident writers', () => {
  let cli: BuiltCli;
  afterAll(removeTempDirs);
  beforeAll(async () => {
    cli = await buildCli({ 'incident-child': 'test/helpers/incident-child.ts' });
  }, 120_000);

  it(`two processes appending ${EACH} notes each to one incident lose none`, async () => {
    const env = { ...process.env, OPSDECK_STATE_DIR: tempDir() };
    const desk = createIncidentDesk({ profile: shopProfile(), env });
    const inc = desk.start({ environment: 'local', severity: 'P2', title: 'race', services: [] });
    await Promise.all(
      ['a', 'b'].map(
        (who) =>
          new Promise<void>((resolve, reject) => {
            const p = spawn(process.execPath, [cli.entry('incident-child'), CONSOLE_FIXTURES, inc.id, who, String(EACH)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
            p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${who} exited ${code}`))));
          }),
      ),
    );
    const lines = readFileSync(incidentFile(inc.id, env), 'utf8').split('\n').filter(Boolean);
    // Every line is one whole event: none torn, none glued to another.
    const events = lines.map((l) => JSON.parse(l) as { type: string; text?: string });
    const notes = events.filter((e) => e.type === 'note').map((e) => e.text!);
    expect(notes).toHaveLength(2 * EACH);
    for (const who of ['a', 'b']) {
      const mine = notes.filter((t) => t.startsWith(`${who} `));
      expect(mine).toEqual(Array.from({ length: EACH }, (_, i) => `${who} note ${i}`));
    }
    expect(desk.get(inc.id).timeline.filter((t) => t.kind === 'note')).toHaveLength(2 * EACH);
  }, 120_000);

  it('two processes starting incidents at once get different ids', async () => {
    const env = { ...process.env, OPSDECK_STATE_DIR: tempDir() };
    const ids = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<string>((resolve, reject) => {
            let out = '';
            const p = spawn(process.execPath, [cli.main, 'incident', 'start', '--dir', CONSOLE_FIXTURES, '--profile', 'shop', '--severity', 'P3', '--title', 'same moment'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
            p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
            p.on('exit', (code) => (code === 0 ? resolve(out.split(' ')[0]!) : reject(new Error(`start exited ${code}`))));
          }),
      ),
    );
    expect(new Set(ids).size).toBe(3);
    expect(ids.sort()).toEqual(['INC-1', 'INC-2', 'INC-3']);
  }, 60_000);
});

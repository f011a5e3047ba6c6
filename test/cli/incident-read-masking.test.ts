// A note written by a shell that lacked a declared secret's value is stored raw (nothing could
// know it was a secret). Every reader that has the value masks it on read, through the one
// incident reader: `incident show`, `show --json`, `export`, and the console's incident screen.
// The same secret written by a shell that has the value never reaches the incident file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { ensureBuilt, runCli } from '../helpers/run-cli.js';
import { loadProfileFile } from '../../src/adapters/fs/profile-loader.js';
import { mountConsole } from '../helpers/runbook-console.js';

describe('incident text is masked on every read path', () => {
  const secret = `raw-${randomBytes(8).toString('hex')}`;
  const ops = { dir: '', state: '' };
  let without: NodeJS.ProcessEnv;
  let withSecret: NodeJS.ProcessEnv;
  beforeAll(() => {
    ensureBuilt();
    ops.dir = tempDir('opsdeck-incident-mask-');
    ops.state = join(ops.dir, '.state');
    mkdirSync(join(ops.dir, 'profiles'));
    writeFileSync(join(ops.dir, 'profiles', 'm.yaml'), 'name: m\nenvironments: { local: {} }\nsecrets: [INCFIX_SECRET]\nservices:\n  web: {}\n');
    without = { ...process.env, OPSDECK_DIR: ops.dir, OPSDECK_STATE_DIR: ops.state, OPSDECK_PROFILE: 'm', NO_COLOR: '1' };
    delete without.INCFIX_SECRET;
    withSecret = { ...without, INCFIX_SECRET: secret };
  });
  afterAll(removeTempDirs);

  it('show, show --json, export and the console screen mask what was stored raw; a known secret is never stored', async () => {
    // Written without the value: title, note, commander and summary are stored as typed.
    expect((await runCli(['incident', 'start', '--severity', 'P1', '--title', `db down ${secret}`, '--service', 'web', '--commander', `ana ${secret}`], without)).code).toBe(0);
    expect((await runCli(['incident', 'note', `token ${secret} seen`], without)).code).toBe(0);
    // Written with the value: masked before it is stored.
    expect((await runCli(['incident', 'note', `token ${secret} seen again`], withSecret)).code).toBe(0);
    const file = readFileSync(join(ops.state, 'incidents', 'INC-1.jsonl'), 'utf8');
    expect(file).toContain('token •••••• seen again');
    expect(file.split('\n').filter((l) => l.includes(secret)).length).toBe(2); // the start and the first note only

    const show = await runCli(['incident', 'show'], withSecret);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('INC-1 P1 db down ••••••');
    expect(show.stdout).toContain('token •••••• seen  (');
    expect(show.stdout).toContain('token •••••• seen again');
    expect(show.stdout).not.toContain(secret);

    const json = await runCli(['incident', 'show', '--json'], withSecret);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).not.toContain(secret);
    const doc = JSON.parse(json.stdout);
    expect(doc.title).toBe('db down ••••••');
    expect(doc.commander).toBe('ana ••••••');
    expect(doc.timeline.filter((t: { kind: string }) => t.kind === 'note').map((t: { text: string }) => t.text)).toEqual(['token •••••• seen', 'token •••••• seen again']);

    const list = await runCli(['incident', 'list', '--json'], withSecret);
    expect(list.stdout).toContain('db down ••••••');
    expect(list.stdout).not.toContain(secret);

    // Resolved without the value, read with it.
    expect((await runCli(['incident', 'resolve', '--summary', `rotated ${secret}`], without)).code).toBe(0);
    const resolved = await runCli(['incident', 'show', '--json'], withSecret);
    expect(resolved.stdout).not.toContain(secret);
    expect(JSON.parse(resolved.stdout).summary).toBe('rotated ••••••');
    const pm = join(ops.dir, 'pm.md');
    expect((await runCli(['incident', 'export', '-o', pm], withSecret)).code).toBe(0);
    expect(readFileSync(pm, 'utf8')).not.toContain(secret);
  });

  it('the console incident screen masks a note stored raw', async () => {
    // A second incident (open: the console lists it), with a note stored raw.
    expect((await runCli(['incident', 'start', '--severity', 'P2', '--title', 'second', '--service', 'web'], without)).code).toBe(0);
    const id = JSON.parse((await runCli(['incident', 'list', '--json'], without)).stdout).incidents[0].id as string;
    expect((await runCli(['incident', 'note', id, `console ${secret} raw`], without)).code).toBe(0);
    const { profile } = loadProfileFile(join(ops.dir, 'profiles', 'm.yaml'));
    const saved = process.env.INCFIX_SECRET;
    process.env.INCFIX_SECRET = secret;
    const { session, tui } = mountConsole({ root: ops.dir, profile: profile!, stateDir: ops.state, size: { columns: 120, rows: 40 } });
    try {
      await tui.waitFor('SERVICE');
      await tui.press('I');
      await tui.waitFor(id);
      await tui.press('enter');
      const screen = await tui.waitFor('console •••••• raw');
      expect(screen).not.toContain(secret);
    } finally {
      tui.unmount();
      await session.dispose();
      if (saved === undefined) delete process.env.INCFIX_SECRET;
      else process.env.INCFIX_SECRET = saved;
    }
  });
});

// The two sweeps of issue 8, over the real binary, the real runner, a real process service and
// the real console in tmux. One service, one health check and one runbook step print >1,000
// generated secret values (declared secrets plain/base64/hex, URL passwords, Authorization
// headers, JSON-style ones, *_TOKEN=, private key blocks, values split across two writes, a
// secret input) and 18 terminal-escape payloads; the sweeps then read every output path:
//   secret sweep: every CLI output, every byte under the state dir, tmux captures of every
//                 screen visited → values leaked (goal 0, printed)
//   escape sweep: every CLI output and every screen → raw escapes reaching a terminal (goal 0)
// Reproduce: npm run build && npx vitest run test/sweeps/output-sweeps.test.ts
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIfAvailable } from '../helpers/requirements.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureBuilt, REPO, runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { startTmux, tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { until } from '../helpers/until.js';
import { PAYLOADS, sweepOpsDir, sweepValues, valueCount, type SweepOps, type SweepValues } from './sweep-fixture.js';

const values: SweepValues = sweepValues();
let ops: SweepOps;
/** Path name → what it showed (CLI output) or held (state files, screens). */
const cli = new Map<string, string>();
const files = new Map<string, string>();
const screens = new Map<string, string>();
/** Screens after which the pane's title or the paste buffers showed a payload. */
const obeyed: string[] = [];
let base: NodeJS.ProcessEnv;
let withSecrets: NodeJS.ProcessEnv;

async function record(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const r = await runCli(args, env, 90_000);
  cli.set(name, `${r.stdout}\n${r.stderr}`);
}

function readTree(dir: string, into: Map<string, string>): void {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    into.set(`state:${relative(dir, p)}`, readFileSync(p, 'latin1') + '\n' + readFileSync(p, 'utf8'));
  }
}

async function tuiJourney(): Promise<void> {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(REPO, 'bin', 'opsdeck.js'))}`;
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...ops.secretEnv };
  for (const k of ['OPSDECK_STATE_DIR', 'OPSDECK_DIR', 'OPSDECK_PROFILE', 'XDG_RUNTIME_DIR', 'NO_COLOR']) env[k] = String(withSecrets[k]);
  const pane: TmuxPane = startTmux(command, { cols: 140, rows: 45, env });
  const title = (): string => execFileSync('tmux', ['display-message', '-p', '-t', pane.session, '#{pane_title}'], { encoding: 'utf8' });
  const buffers = (): string => {
    try {
      return execFileSync('tmux', ['list-buffers'], { encoding: 'utf8' });
    } catch {
      return '';
    }
  };
  const visit = async (name: string, key: string[] | undefined, shows: RegExp, timeoutMs = 20_000): Promise<void> => {
    if (key) pane.send(...key);
    screens.set(`tui:${name}`, await pane.waitFor(shows, timeoutMs));
    if (title().includes('PWNED') || buffers().includes('UFdORUQtY2xpcA')) obeyed.push(name);
  };
  try {
    await visit('services', undefined, /talker/, 30_000);
    await visit('service screen', ['Enter'], /Checks[\s\S]*echo .*fail/, 20_000);
    // The service screen's own log tail shows the same lines: wait for the viewer's footer.
    await visit('service logs', ['l'], /talker done[\s\S]*G follow/);
    pane.send('Escape');
    await pane.waitForGone(/G follow/);
    await pane.waitFor(/Checks/);
    pane.send('Escape');
    await pane.waitForGone(/Checks/);
    await visit('runbook list', ['r'], /Talk /);
    await visit('runbook inputs', ['Enter'], /pw/);
    pane.type(values.secretInput);
    pane.send('Enter');
    // (An escape typed at a terminal is a key press, not text: inputs with payloads go through --input.)
    pane.type('tui-note');
    pane.send('Enter');
    await visit('plan', undefined, /Plan: /);
    pane.send('Escape');
    await pane.waitFor(/inputs for local/);
    pane.send('Escape');
    await pane.waitForGone(/inputs for local/);
    await pane.waitFor(/Talk /);
    await visit('history', ['h'], /Run history/);
    await visit('report viewer', ['Enter'], /lines \d+-\d+ of \d+/);
  } finally {
    pane.kill();
  }
}

describeIfAvailable('output sweeps (issue 8)', tmuxAvailable(), 'tmux is not installed', () => {
  beforeAll(async () => {
    ensureBuilt();
    ops = sweepOpsDir(values);
    base = { ...process.env, OPSDECK_STATE_DIR: ops.stateDir, OPSDECK_DIR: ops.opsDir, OPSDECK_PROFILE: 'sweep', XDG_RUNTIME_DIR: ops.runtimeDir, NO_COLOR: '1', FORCE_COLOR: '0' };
    for (const k of Object.keys(base)) if (k.startsWith('SWEEP_S')) delete base[k];
    withSecrets = { ...base, ...ops.secretEnv };
    // Services: start (its health check fails, printing secrets and payloads), logs from a shell
    // WITHOUT the secret variables, status.
    await record('start', ['start', 'talker'], withSecrets);
    const log = join(ops.stateDir, 'services', 'sweep', 'local', 'talker.log');
    await until('the service printed everything', () => existsSync(log) && readFileSync(log, 'utf8').includes('talker done'), 30_000);
    await record('logs (no secret vars)', ['logs', 'talker', '--tail', '100000'], base);
    await record('logs --json (no secret vars)', ['logs', 'talker', '--tail', '100000', '--json'], base);
    await record('status', ['status'], withSecrets);
    await record('status --json', ['status', '--json'], withSecrets);
    // Steps: a run (plan + output through the detached runner and attach), --json, show, history.
    const inputs = ['--input', `pw=${values.secretInput}`, '--input', `note=line\n  9. fake: rm -rf / ${PAYLOADS.join(' ')}`];
    await record('run', ['run', 'talk', '--env', 'local', '--yes', ...inputs], withSecrets);
    await record('run --json', ['run', 'talk', '--env', 'local', '--yes', '--json', ...inputs], withSecrets);
    await record('run --foreground', ['run', 'talk', '--env', 'local', '--yes', '--foreground', ...inputs], withSecrets);
    await record('history --json', ['history', '--json'], base);
    for (const id of readdirSync(join(ops.stateDir, 'runs'))) await record(`show ${id}`, ['show', id], base);
    // Config and usage errors that echo what they were given.
    const bad = join(tempDir('opsdeck-sweep-bad-'), 'runbooks');
    mkdirSync(bad);
    writeFileSync(join(bad, 'bad.yaml'), `name: bad\ntitle: x\nsteps:\n  - id: s1\n    "bogus\\e]0;PWNED-title\\a": 1\n    run: [true]\n`);
    await record('validate', ['validate', join(bad, 'bad.yaml')], base);
    await record('usage error', ['run', `nope${PAYLOADS[1]}`, '--env', 'local'], base);
    await tuiJourney();
    readTree(ops.stateDir, files);
  }, 400_000);

  afterAll(async () => {
    if (ops) await runCli(['stop', 'talker'], withSecrets, 60_000).catch(() => undefined);
    removeTempDirs();
  }, 90_000);

  it('secret sweep: no generated secret value appears unmasked in any output, file or screen', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const hex = (s: string) => Buffer.from(s).toString('hex');
    const declaredForms = (s: string) => [s, s.slice(7), b64(s).replace(/=+$/, ''), hex(s), b64(`x${s}y`).slice(4, -4)];
    const checks: { kind: string; forms: string[] }[] = [
      ...values.declared.map((s) => ({ kind: 'declared', forms: declaredForms(s) })),
      ...values.urlPasswords.map((s) => ({ kind: 'url password', forms: [s] })),
      ...values.bearer.map((s) => ({ kind: 'Authorization', forms: [s, s.slice(0, -1)] })),
      ...values.jsonBearer.map((s) => ({ kind: 'JSON Authorization', forms: [s] })),
      ...values.tokens.map((s) => ({ kind: '*_TOKEN=', forms: [s] })),
      ...Array.from({ length: values.keyLines.length / 3 }, (_, i) => ({ kind: 'private key', forms: values.keyLines.slice(i * 3, i * 3 + 3) })),
      { kind: 'secret input', forms: [values.secretInput, b64(values.secretInput).replace(/=+$/, '')] },
    ];
    const all = [...cli, ...files, ...screens];
    const leaks: string[] = [];
    for (const c of checks) {
      const where = all.filter(([, text]) => c.forms.some((f) => text.includes(f))).map(([name]) => name);
      if (where.length) leaks.push(`${c.kind} ${c.forms[0]} in ${where.slice(0, 3).join(', ')}`);
    }
    const tried = valueCount(values);
    console.log(`secret sweep: ${tried} values tried, ${leaks.length} leaked; paths: ${cli.size} CLI outputs, ${files.size} state files, ${screens.size} screens`);
    if (leaks.length) console.log(leaks.slice(0, 20).join('\n'));
    expect(tried).toBeGreaterThanOrEqual(1000);
    // Every path really carried the material (a path that printed nothing would pass vacuously).
    expect(cli.get('logs (no secret vars)')).toContain('declared 349 ••••••');
    expect(cli.get('run')).toContain('talker done');
    expect(cli.get('start')).toMatch(/fail ••••••/);
    expect(screens.get('tui:service logs')).toContain('talker done');
    expect(leaks).toEqual([]);
  });

  it('escape sweep: no raw escape or control character reaches a terminal', () => {
    // NO_COLOR: opsdeck's headless output has no escapes of its own, so any is a payload's.
    const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
    const raw = [...cli].map(([name, text]) => [name, (text.match(RAW) ?? []).length] as const).filter(([, n]) => n > 0);
    const total = raw.reduce((n, [, k]) => n + k, 0) + obeyed.length;
    console.log(`escape sweep: ${PAYLOADS.length} payloads through ${cli.size} CLI outputs and ${screens.size} screens; raw escapes reaching a terminal: ${total}${raw.length ? ` (${raw.map(([n, k]) => `${n}: ${k}`).join(', ')})` : ''}${obeyed.length ? `; obeyed on screen: ${obeyed.join(', ')}` : ''}`);
    // The payloads did reach these paths, shown visibly.
    expect(cli.get('logs (no secret vars)')).toContain('payload 1 [^[]0;PWNED-title^G]');
    expect(cli.get('run')).toContain('payload 4 [M-^[2J]');
    for (const path of ['status', 'start', 'validate', 'usage error', 'run --foreground']) expect(cli.get(path), path).toContain('^[]0;PWNED-title^G');
    for (const path of ['tui:service screen', 'tui:runbook list', 'tui:plan']) expect(screens.get(path), path).toMatch(/\^\[/);
    expect(cli.get('run')).not.toMatch(/^\s+9\. fake/m);
    expect(raw).toEqual([]);
    expect(obeyed).toEqual([]);
  });
});

// The material of the secret and escape sweeps: generated secret values of every shape the brief
// names, terminal-escape payloads, and an ops dir whose service, health check and runbook step
// print all of it (one script, talker.mjs, reading values.json from the ops dir: the values never
// go through a file opsdeck writes).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import { mulberry32 } from '../helpers/prng.js';

export interface SweepValues {
  /** Values of declared secrets (env SWEEP_S<i>), printed plain, in base64 and in hex. */
  declared: string[];
  urlPasswords: string[];
  bearer: string[];
  jsonBearer: string[];
  tokens: string[];
  /** Body lines of private key blocks, three per block. */
  keyLines: string[];
  /** The secret input of the runbook (masked by the runner with the declared ones). */
  secretInput: string;
}

export const DECLARED = 350;
const SHAPED = 150;
const KEY_BLOCKS = 100;

export function sweepValues(seed = 8): SweepValues {
  const rnd = mulberry32(seed);
  const pick = (alphabet: string, min: number, max: number): string => {
    const n = min + Math.floor(rnd() * (max - min + 1));
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    return s;
  };
  const AN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
  return {
    declared: many(DECLARED, (i) => `d${i}${pick(AN + '!#%+,-./:=@^_~', 12, 36)}`),
    urlPasswords: many(SHAPED, (i) => `u${i}${pick(AN + '-._~!$&*+', 10, 24)}`),
    bearer: many(SHAPED, (i) => `b${i}${pick(AN + '-._~+/', 16, 40)}=`),
    jsonBearer: many(SHAPED, (i) => `j${i}${pick(AN + '-._', 16, 40)}`),
    tokens: many(SHAPED, (i) => `t${i}${pick(AN + '-_', 12, 32)}`),
    keyLines: many(KEY_BLOCKS * 3, (i) => `K${i}${pick(AN + '+/', 60, 63)}`),
    secretInput: `si${pick(AN, 20, 20)}`,
  };
}

export function valueCount(v: SweepValues): number {
  return v.declared.length + v.urlPasswords.length + v.bearer.length + v.jsonBearer.length + v.tokens.length + v.keyLines.length / 3 + 1;
}

/** Payloads a terminal would obey: CSI, OSC (title, clipboard, hyperlink), DCS, C1, BEL/BS/DEL, bidi. */
export const PAYLOADS = [
  '\x1b[2J\x1b[H', '\x1b]0;PWNED-title\x07', '\x1b]2;PWNED-title\x1b\\', '\x1b]52;c;UFdORUQtY2xpcA==\x07', '\u009b2J', '\u009d0;PWNED-title\u009c',
  '\x1bP+q544e\x1b\\', '\x1b[?1049h', '\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\', '\x1b[31mred\x1b[0m', '\x07\x08\x7f', '\u202eevil\u202c', '\x1bc', '\x1b[6n',
  '\x1b]1337;File=PWNED\x07', '\u0090q\u009c', '\x1b[?25l', '\x0e\x0f',
];

const TALKER = `
import { readFileSync } from 'node:fs';
const v = JSON.parse(readFileSync(new URL('./values.json', import.meta.url), 'utf8'));
const mode = process.argv[2];
const out = [];
const b64 = (s) => Buffer.from(s).toString('base64');
const hex = (s) => Buffer.from(s).toString('hex');
v.declared.forEach((s, i) => out.push('declared ' + i + ' ' + s, 'b64 ' + b64(s), 'hex ' + hex(s), 'in text ' + b64('x' + s + 'y')));
v.urlPasswords.forEach((p, i) => out.push('connect postgres://app' + i + ':' + p + '@db' + i + ':5432/shop'));
v.bearer.forEach((t) => out.push('GET /x Authorization: Bearer ' + t));
v.jsonBearer.forEach((t) => out.push('{"headers": {"Authorization": "Bearer ' + t + '"}, "n": 1}'));
v.tokens.forEach((t, i) => out.push('export SVC' + i + '_TOKEN=' + t));
for (let i = 0; i < v.keyLines.length; i += 3) out.push('-----BEGIN RSA PRIVATE KEY-----', v.keyLines[i], v.keyLines[i + 1], v.keyLines[i + 2], '-----END RSA PRIVATE KEY-----');
out.push('input ' + (process.env.OPSDECK_INPUT_PW ?? '') + ' ' + b64(process.env.OPSDECK_INPUT_PW ?? ''));
v.payloads.forEach((p, i) => out.push('payload ' + i + ' [' + p + ']'));
if (mode === 'check') {
  console.log(out.slice(-40).join('\\n'));
  console.log('fail ' + v.declared[0] + ' Authorization: Bearer ' + v.bearer[0] + ' ' + v.payloads.slice(0, 4).join(' '));
  process.exit(1);
}
process.stdout.write(out.join('\\n') + '\\n');
// Values split across two writes, the second one later (a separate chunk for every reader).
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (const s of v.declared.slice(0, 50)) {
  process.stdout.write('split ' + s.slice(0, 7));
  await sleep(15);
  process.stdout.write(s.slice(7) + ' end\\n');
}
process.stdout.write('talker done\\n');
if (mode === 'service') setInterval(() => {}, 60_000);
`;

export interface SweepOps {
  opsDir: string;
  stateDir: string;
  runtimeDir: string;
  /** The declared secrets as environment variables (what an operator's shell has). */
  secretEnv: Record<string, string>;
}

export function sweepOpsDir(values: SweepValues): SweepOps {
  const opsDir = tempDir('opsdeck-sweep-ops-');
  const stateDir = tempDir('opsdeck-sweep-state-');
  const runtimeDir = tempDir('opsdeck-sweep-run-');
  mkdirSync(join(opsDir, 'profiles'));
  mkdirSync(join(opsDir, 'runbooks'));
  writeFileSync(join(opsDir, 'values.json'), JSON.stringify({ ...values, payloads: PAYLOADS }));
  writeFileSync(join(opsDir, 'talker.mjs'), TALKER);
  const names = values.declared.map((_, i) => `SWEEP_S${i}`);
  writeFileSync(join(opsDir, 'profiles', 'sweep.yaml'), `name: sweep
environments:
  local: {}
secrets: [${names.join(', ')}]
services:
  talker:
    description: prints every secret shape and escape payload
    process:
      command: [node, talker.mjs, service]
      start_timeout: 3s
    health:
      - name: echo
        command: [node, talker.mjs, check]
        interval: 1s
`);
  // Titles carry payloads too (YAML escapes): they reach the runbook list, plan, header and report.
  writeFileSync(join(opsDir, 'runbooks', 'talk.yaml'), `name: talk
title: "Talk \\e]0;PWNED-title\\a \\e[2J \\x9b2J"
inputs:
  - { name: pw, secret: true }
  - { name: note, default: none }
steps:
  - id: talk
    title: "print \\e]52;c;UFdORUQtY2xpcA==\\a all"
    shell: node talker.mjs step
  - id: echo
    run: [echo, "note={{ inputs.note }}", "pw={{ inputs.pw }}"]
`);
  return { opsDir, stateDir, runtimeDir, secretEnv: Object.fromEntries(names.map((n, i) => [n, values.declared[i]!])) };
}

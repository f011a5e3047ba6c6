// A process service's output is masked BEFORE it is written to its log file under the state
// dir: the real supervisor, the real writer process (dist/tools/service-log.js), real files.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessSupervisor, serviceLogPath, servicePidPath } from '../../../src/adapters/process/process-supervisor.js';
import { isLive, procInfo } from '../../../src/adapters/system/proc-info.js';
import type { PidRecord } from '../../../src/adapters/process/pid-file.js';
import { profileSchemas } from '../../../src/domain/profile/profile-schema.js';
import { toProfile } from '../../../src/domain/profile/profile-model.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/process-services.js';

const SECRET = 'Sv9-declared-secret-value-42';
const sups: ProcessSupervisor[] = [];

afterEach(async () => {
  for (const sup of sups.splice(0)) for (const name of sup.knownServices()) await sup.stopByName(name, 1000);
  removeTempDirs();
});

// The service prints the secret plainly, split across two writes, in base64 and hex, in a URL,
// a JSON Authorization header, and a private key over several lines; then stays up.
const SCRIPT = `
const s = process.env.SHOP_SECRET;
const w = (t) => process.stdout.write(t);
w('plain ' + s + '\\n');
w('split ' + s.slice(0, 9)); setTimeout(() => {
  w(s.slice(9) + ' end\\n');
  w('b64 ' + Buffer.from(s).toString('base64') + ' hex ' + Buffer.from(s).toString('hex') + '\\n');
  w('url postgres://app:' + s + '@db/x\\n');
  w('{"Authorization": "Bearer tok-json-header-77"}\\n');
  w('-----BEGIN RSA PRIVATE KEY-----\\nMIIEkeybody1\\nAAAkeybody2\\n-----END RSA PRIVATE KEY-----\\n');
  console.error('stderr ' + s);
  w('ready\\n');
}, 100);
setInterval(() => {}, 1000);
`;

describe('masking log writer', () => {
  it("a declared secret never reaches the service's log file, in any form", async () => {
    const base = tempDir('opsdeck-mask-');
    const file = profileSchemas().profileSchema.parse({ name: 'lc', secrets: ['SHOP_SECRET'], environments: { local: {} }, services: { a: { process: { command: [process.execPath, '-e', SCRIPT], env: { SHOP_SECRET: SECRET } } } } });
    const profile = toProfile(file, { file: join(base, 'profiles', 'lc.yaml'), baseDir: base });
    const sup = new ProcessSupervisor(profile, profile.environments.local!, { stateDir: join(base, 'state') });
    sups.push(sup);
    await sup.start(profile.services.a!);
    const log = serviceLogPath('lc', 'local', 'a', join(base, 'state'));
    const text = await waitFor('the service output', () => {
      const t = existsSync(log) ? readFileSync(log, 'utf8') : '';
      return t.includes('ready') && t.includes('stderr') ? t : undefined;
    });
    const b64 = Buffer.from(SECRET).toString('base64');
    for (const leak of [SECRET, SECRET.slice(9), b64.replace(/=+$/, ''), Buffer.from(SECRET).toString('hex'), 'tok-json-header-77', 'keybody1', 'keybody2']) expect(text).not.toContain(leak);
    expect(text).toContain('plain ••••••');
    expect(text).toContain('split •••••• end');

    // The writer ends with the service's output: stopping the service leaves no writer behind.
    const writer = (JSON.parse(readFileSync(servicePidPath('lc', 'local', 'a', join(base, 'state')), 'utf8')) as PidRecord).logWriterPid!;
    expect(isLive(procInfo(writer))).toBe(true);
    // One writer runs beside every process service: its own small program, not the whole CLI
    // (memory: npm run bench -- masking-writer).
    expect(readFileSync(`/proc/${writer}/cmdline`, 'utf8').split('\0')[1]).toMatch(/[\\/]dist[\\/]tools[\\/]service-log\.js$/);
    await sup.stop(profile.services.a!);
    await waitFor('the writer to exit', () => !isLive(procInfo(writer)));
  });
});

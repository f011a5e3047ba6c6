// Issue 9, defect 5: an input may not choose the program nor sit in code, however the argv
// reaches the interpreter (wrappers, absolute paths, combined flags, busybox, a program that
// hands its operands to a shell, an interpreter run by another program). Data stays allowed.
import { describe, expect, it } from 'vitest';
import { argvCodeProblems } from '../../../src/domain/runbook/argv-safety.js';

const V = '{{ inputs.v }}';
const refused: string[][] = [
  ['sh', '-c', `echo ${V}`], [V, 'arg'], ['/bin/sh', '-c', V], ['sh', '-ec', V], ['bash', '-lc', V], ['sh', '-xc', V],
  ['env', 'sh', '-c', V], ['/usr/bin/env', 'bash', '-c', V], ['env', '-i', 'A=1', 'sh', '-c', V], ['busybox', 'sh', '-c', V],
  ['bash', '-o', 'pipefail', '-c', V], ['bash', '--norc', '-c', V], ['fish', '-c', V], ['zsh', '-c', V], ['dash', '-c', V],
  ['python3', '-c', V], ['python3', '-Ic', V], ['python3', `-c${V}`], ['python3', '-m', V], ['node', '-e', V], ['node', '-p', V],
  ['node', `--eval=${V}`], ['node', '-r', V, 'app.js'], ['perl', '-e', V], ['perl', `-e${V}`], ['perl', '-Mstrict', '-e', V],
  ['ruby', '-e', V], ['php', '-r', V], ['eval', V], ['awk', V], ['sh', V], ['bash', `scripts/${V}.sh`],
  ['timeout', '5', 'sh', '-c', V], ['timeout', '5', V], ['nice', '-n', '5', 'sh', '-c', V], ['sudo', '-u', 'root', 'sh', '-c', V],
  ['sudo', '-u', 'root', V], ['doas', 'sh', '-c', V], ['chroot', '/', 'sh', '-c', V], ['setsid', 'sh', '-c', V], ['nohup', 'sh', '-c', V],
  ['stdbuf', '-oL', 'sh', '-c', V], ['xargs', 'sh', '-c', V], ['flock', '/tmp/l', 'sh', '-c', V], ['env', 'A=1', V],
  ['find', '.', '-exec', 'sh', '-c', V, ';'], ['docker', 'exec', 'c', 'sh', '-c', V], ['kubectl', 'exec', 'p', '--', 'bash', '-c', V],
  ['env', '-S', `sh -c '${V}'`], ['env', `--split-string=echo ${V}`], ['ssh', 'host', V],
  ['psql', '-d', 'shop', '-c', `select * from orders where id = ${V}`], ['psql', `--command=delete from t where x = '${V}'`], ['mysql', '-e', `drop table ${V}`], ['mongosh', 'shop', '--eval', V], ['ssh', '-p', '22', 'host', 'ls', V], ['su', '-c', V], ['su', '-', 'bob', '-c', V], ['watch', V], ['watch', '-n', '5', V],
  ['sqlite3', 'app.db', `select * from t where id = ${V}`], ['sqlite3', '-bail', 'app.db', '.tables', `delete from t where x = '${V}'`], ['sqlite3', '-cmd', V, 'app.db'], ['sqlite3', '-init', V, 'app.db'], ['sqlite3', '--', 'app.db', V],
  ['redis-cli', V], ['redis-cli', '-h', 'cache', '-n', '2', V, 'k'], ['redis-cli', 'EVAL', V, '0'], ['redis-cli', 'script', 'load', V], ['redis-cli', '--eval', V], ['valkey-cli', V],
];
const allowed: string[][] = [
  ['echo', V], ['cp', V, '/tmp/x'], ['psql', '-d', V, '-v', `id=${V}`, '-f', 'query.sql'], ['psql', V, '-c', 'select 1'], ['pg_restore', '--list', `/var/backups/${V}`], ['ls', '-1', V], ['git', 'commit', '-m', V],
  ['sqlite3', V, '.tables'], ['sqlite3', '-separator', V, 'app.db', 'select 1'], ['redis-cli', '-h', V, '-a', V, 'GET', V], ['redis-cli', 'SET', 'k', V], ['redis-cli', '-n', V, 'DEL', V],
  ['grep', '-e', V, 'file'], ['curl', '-fsS', `http://127.0.0.1/${V}`], ['tar', '-czf', `/b/${V}.tgz`, '.'],
  // the value as an argument of a named script or program: data
  ['python3', 'manage.py', V], ['bash', 'script.sh', V], ['node', 'app.js', '--name', V], ['awk', '-f', 'p.awk', V], ['sh', '-s', V],
  // the safe way inside an interpreter: a positional argument
  ['sh', '-c', 'echo "$1"', 'sh', V], ['python3', '-c', 'import sys; print(sys.argv[1])', V], ['sh', '-c', 'x', V],
];

describe('argvCodeProblems', () => {
  it.each(refused.map((a) => [a.join(' '), a]))('refuses %s', (_, argv) => {
    const p = argvCodeProblems(argv);
    expect(p.length).toBeGreaterThan(0);
    expect(p[0]!.input).toBe('v');
    expect(p[0]!.message).toContain('$OPSDECK_INPUT_V');
  });
  it.each(allowed.map((a) => [a.join(' '), a]))('allows %s', (_, argv) => {
    expect(argvCodeProblems(argv)).toEqual([]);
  });
  it('a var captured from an earlier step\'s output is as untrusted as an input; a profile var is not', () => {
    const captured = new Set(['latest']);
    expect(argvCodeProblems(['sh', '-c', 'deploy {{ vars.latest }}'], captured)).toEqual([{ index: 2, input: 'latest', message: expect.stringMatching(/^captured output "latest" \(vars\.latest\) would become code: it is in the script given to `sh -c`; write the step as shell: and read it as "\$OPSDECK_VAR_LATEST"/) }]);
    expect(argvCodeProblems(['{{ vars.latest }}'], captured)[0]?.message).toMatch(/^captured output "latest" \(vars\.latest\) would choose the program/);
    expect(argvCodeProblems(['sh', '-c', 'deploy {{ vars.release }}'], captured)).toEqual([]);
    expect(argvCodeProblems(['echo', '{{ vars.latest }}'], captured)).toEqual([]);
  });

  it('points at the element that would become code, and says why', () => {
    expect(argvCodeProblems(['busybox', 'sh', '-c', V])).toEqual([{ index: 3, input: 'v', message: expect.stringMatching(/^input "v" would become code: it is in the script given to `sh -c`; write the step as shell:/) }]);
    expect(argvCodeProblems(['ssh', 'db-1', 'ls', V])[0]).toMatchObject({ index: 3, message: expect.stringContaining('the remote shell by `ssh`') });
    expect(argvCodeProblems(['sh', V])[0]).toMatchObject({ index: 1, message: expect.stringContaining('would choose the script sh runs') });
  });
});

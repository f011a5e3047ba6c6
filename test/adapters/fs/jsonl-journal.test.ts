import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { JsonlJournal, parseJsonLines, readJsonLines } from '../../../src/adapters/fs/jsonl-journal.js';
import { createRun, listRunIds } from '../../../src/adapters/fs/run-store.js';
import { isRunId } from '../../../src/domain/runbook/run-id.js';

describe('jsonl journal', () => {
  afterAll(removeTempDirs);

  it('appends one line per record, private file', () => {
    const file = join(tempDir(), 'journal.jsonl');
    const j = new JsonlJournal<{ n: number; s: string }>(file);
    for (let n = 0; n < 5; n++) j.append({ n, s: `line\nwith newline ${n}` });
    j.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(6);
    const read = readJsonLines<{ n: number }>(file);
    expect(read.records.map((r) => r.n)).toEqual([0, 1, 2, 3, 4]);
    expect(read.tornTail).toBeUndefined();
  });

  it.each([
    ['cut inside a string', '{"type":"step-start","id":"dep'],
    ['cut after a brace', '{'],
    ['cut mid-escape', '{"out":"a\\'],
    ['cut inside a multibyte char', '{"out":"\u00e9'.slice(0, 9)],
  ])('ignores and reports a torn final line (%s)', (_name, torn) => {
    const text = '{"n":1}\n{"n":2}\n' + torn;
    const read = parseJsonLines<{ n: number }>(text);
    expect(read.records).toEqual([{ n: 1 }, { n: 2 }]);
    expect(read.tornTail).toBe(torn);
    expect(read.corrupt).toEqual([]);
  });

  it('skips and reports a damaged complete line without losing the rest', () => {
    const read = parseJsonLines<{ n: number }>('{"n":1}\n{"n":\n{"n":3}\n');
    expect(read.records).toEqual([{ n: 1 }, { n: 3 }]);
    expect(read.corrupt).toEqual([{ line: 2, text: '{"n":' }]);
  });

  it('reopening after a crash cuts the torn tail so the next record is not glued to it', () => {
    const file = join(tempDir(), 'journal.jsonl');
    const j = new JsonlJournal(file);
    j.append({ n: 1 });
    j.close();
    appendFileSync(file, '{"n":2,"half');
    const again = new JsonlJournal(file);
    expect(again.repairedTail).toBe('{"n":2,"half');
    again.append({ n: 3 });
    again.close();
    const read = readJsonLines<{ n: number }>(file);
    expect(read.records).toEqual([{ n: 1 }, { n: 3 }]);
    expect(read.tornTail).toBeUndefined();
  });

  it('gives runs sortable unique ids in private directories', () => {
    const env = { OPSDECK_STATE_DIR: tempDir() };
    const now = new Date('2026-11-23T19:15:30Z');
    const ids = Array.from({ length: 50 }, () => createRun('Deploy API!', env, now).runId);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(isRunId(id)).toBe(true);
    expect(ids[0]).toMatch(/^20261123-191530-deploy-api-[0-9a-f]{4}$/);
    const later = createRun('backup', env, new Date('2026-11-23T19:15:31Z'));
    new JsonlJournal(later.journal).close();
    new JsonlJournal(createRun('a', env, now).journal).close();
    const listed = listRunIds(env);
    expect(listed[listed.length - 1]).toBe(later.runId);
    expect(statSync(later.dir).mode & 0o777).toBe(0o700);
  });
});

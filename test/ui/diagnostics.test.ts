import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiagnostics } from '../../src/ui/diagnostics.js';
import { until } from '../helpers/until.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('console diagnostics (OPSDECK_DIAGNOSTICS)', () => {
  it('writes nothing and starts no timer when no file is named', () => {
    const stop = startDiagnostics(undefined, 10);
    expect(stop()).toBeUndefined();
  });

  it('appends a line per interval with RSS, the heap, event-loop delay and where the resident memory is', async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-diag-'));
    const file = join(dir, 'diag.jsonl');
    const stop = startDiagnostics(file, 50);
    try {
      await until('two samples', () => existsSync(file) && readFileSync(file, 'utf8').trim().split('\n').length >= 2, 10_000, 20);
    } finally {
      stop();
    }
    const sample = JSON.parse(readFileSync(file, 'utf8').trim().split('\n')[1]!) as Record<string, number>;
    expect(sample.rssMb).toBeGreaterThan(1);
    expect(sample.heapTotalMb).toBeGreaterThanOrEqual(sample.heapUsedMb!);
    expect(sample.loopP99Ms).toBeGreaterThanOrEqual(0);
    expect(sample.codeSpaceMb).toBeGreaterThan(0);
    expect(sample.externalMb).toBeGreaterThanOrEqual(sample.arrayBuffersMb!);
    // Linux: the resident pages by kind add up to (about) the RSS read beside them.
    const byKind = sample.brkHeapMb! + sample.otherAnonMb! + sample.fileMb!;
    expect(sample.mappings).toBeGreaterThan(10);
    expect(Math.abs(byKind - sample.rssMb!)).toBeLessThan(sample.rssMb! * 0.1);
  });
});

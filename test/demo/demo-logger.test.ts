// The demo's log lines: three shapes with levels, and token lines that opsdeck's masking hides.
import { describe, expect, it } from 'vitest';
import { DemoLogger, DEFAULT_DEMO_TOKEN, type Level } from '../../src/demo/demo-logger.js';
import { createRedactor, secretValuesFrom } from '../../src/domain/text/redaction.js';

function capture(): { lines: [string, Level][]; log: DemoLogger } {
  const lines: [string, Level][] = [];
  return { lines, log: new DemoLogger('api', (l, lv) => lines.push([l, lv])) };
}

describe('DemoLogger', () => {
  it('rotates plain, JSON and logfmt lines, each carrying its level', () => {
    const { lines, log } = capture();
    log.info('one');
    log.warn('two');
    log.error('three', { code: 7 });
    log.info('four words here');
    expect(lines[0]![0]).toMatch(/^\S+Z INFO  \[api\] one$/);
    expect(lines[1]![0]).toMatch(/^\S+Z WARN  \[api\] two$/);
    expect(JSON.parse(lines[2]![0])).toMatchObject({ level: 'error', service: 'api', msg: 'three', code: 7 });
    expect(lines[3]![0]).toMatch(/^time=\S+ level=info service=api msg="four words here"$/);
  });

  it('token lines with the default token are masked by shape alone (opsdeck does not know the value)', () => {
    const { lines, log } = capture();
    for (let i = 0; i < 6; i++) log.secretLine({});
    const redact = createRedactor(secretValuesFrom(['DEMO_API_TOKEN'], {}));
    expect(lines.filter(([l]) => l.includes(DEFAULT_DEMO_TOKEN))).toHaveLength(6);
    for (const [l] of lines) expect(redact.redact(l)).not.toContain(DEFAULT_DEMO_TOKEN);
  });

  it('with DEMO_API_TOKEN set, a free-text line carries the value too, masked by value', () => {
    const { lines, log } = capture();
    const env = { DEMO_API_TOKEN: 'sekret-value-123456' };
    for (let i = 0; i < 8; i++) {
      log.secretLine(env);
      log.info('chatter between token lines');
    }
    // The first token line is the free-text one (what a test of masking by value waits for),
    // then every fourth, whatever is logged between them.
    const tokenLines = lines.filter(([l]) => l.includes('sekret-value-123456')).map(([l]) => l);
    expect(tokenLines).toHaveLength(8);
    expect(tokenLines.map((l) => l.includes('session key'))).toEqual([true, false, false, false, true, false, false, false]);
    const redact = createRedactor(secretValuesFrom(['DEMO_API_TOKEN'], env));
    for (const [l] of lines) expect(redact.redact(l)).not.toContain('sekret-value-123456');
  });
});

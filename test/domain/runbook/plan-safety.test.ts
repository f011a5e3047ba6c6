// What the plan shows is safe to read: a secret input is masked in every command (the TUI plan
// printed `$ echo pw-arg=S3cr3t…`), and neither a value with a line break nor a title with
// terminal escapes can fake or rewrite a line of it.
import { describe, expect, it } from 'vitest';
import { plan } from '../../../src/domain/runbook/plan.js';
import { planLines } from '../../../src/domain/runbook/run-text.js';
import { argvText } from '../../../src/domain/runbook/command-text.js';
import { fit } from '../../../src/ui/presentation/format.js';
import { oneLine } from '../../../src/ui/presentation/runbook-text.js';
import { profileFrom, runbookFrom } from '../../helpers/runbook-fixtures.js';

const profile = profileFrom();
const rb = runbookFrom(`
name: rotate
title: "Rotate \\e]0;pwned\\a keys"
inputs:
  - { name: pw, secret: true }
  - { name: note }
steps:
  - id: set
    title: "set \\e[2J it"
    run: [echo, "pw-arg={{ inputs.pw }}", "note={{ inputs.note }}"]
    rollback: { run: [echo, "undo {{ inputs.pw }}"] }
`, profile);

describe('plan safety', () => {
  const p = plan(rb, profile.environments.local!, { pw: 'S3cr3t-pw-value', note: 'ok\n  2. drop: rm -rf /' });

  it('masks a secret input in every command the plan shows', () => {
    expect(p.steps[0]!.command).not.toContain('S3cr3t');
    expect(p.steps[0]!.command).toContain('pw-arg=••••••');
    expect(p.steps[0]!.rollbackCommand).not.toContain('S3cr3t');
  });

  it('a line break in a value stays on its line; escapes in titles are shown, not obeyed', () => {
    const lines = planLines(p);
    const text = lines.join('\n');
    expect(text).not.toMatch(/[\x1b\x07]/);
    expect(lines.filter((l) => /^\s+2\. /.test(l))).toEqual([]);
    expect(text).toContain("$ echo pw-arg=•••••• $'note=ok\\n  2. drop: rm -rf /'");
    expect(text).toContain('note="ok\\n  2. drop: rm -rf /"');
    expect(text).toContain('Rotate ^[]0;pwned^G keys');
    expect(text).toContain('set ^[[2J it');
  });

  it('argv with control characters is shown in ANSI-C quoting, exactly what runs', () => {
    expect(argvText(['printf', 'a\nb\x1b[31m\u009b'])).toBe("printf $'a\\nb\\x1b[31m\\u009b'");
    expect(argvText(['echo', "it's"])).toBe(`echo 'it'\\''s'`);
  });

  it('TUI cells and one-line commands show C1 and ESC visibly', () => {
    expect(fit('t\x1b]52;c;eA==\x07', 30)).toBe('t^[]52;c;eA==^G'.padEnd(30));
    expect(oneLine('a\u009b2J\nb')).toBe('aM-^[2J ⏎ b');
  });
});

// A service action the operator declines in the console is audited like a declined run step:
// what was asked, what was answered, and that nothing was done.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleApp } from '../../src/ui/app.js';
import { ThemeProvider } from '../../src/ui/theme/theme-context.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import { renderTui, type TuiHarness } from '../helpers/ink.js';
import { recordingSession } from '../helpers/console-session.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

let tui: TuiHarness | undefined;
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});
afterAll(removeTempDirs);

const auditOf = (stateDir: string) => {
  const file = join(stateDir, 'audit.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>) : [];
};

describe('declined service actions in the console', () => {
  it('x then Enter (No) and r then n: each is audited as declined, with what was asked and answered', async () => {
    const stateDir = tempDir('opsdeck-declined-state-');
    const rec = recordingSession(undefined, undefined, { env: { ...process.env, OPSDECK_STATE_DIR: stateDir } });
    tui = renderTui(
      <ThemeProvider theme={createTheme({ color: false, ascii: false })}>
        <ConsoleApp session={rec.session} onQuit={() => undefined} />
      </ThemeProvider>,
    );
    await tui.waitFor('env local');
    await tui.press('enter');
    await tui.waitFor('Checks');
    await tui.press('x');
    await tui.waitFor('[y/N]');
    await tui.press('enter');
    await tui.waitFor('stop not done');
    await tui.press('r');
    await tui.waitFor('[y/N]');
    await tui.press('n');
    await tui.waitFor('restart not done');
    expect(rec.actions).toEqual([]);
    const audit = auditOf(stateDir);
    const by = rec.session.identity;
    expect(audit.find((e) => e.action === 'service.stop')).toMatchObject({ outcome: 'declined', environment: 'local', command: 'opsdeck stop db --env local', confirmation: `asked y/N; answered no via console by ${by}` });
    expect(audit.find((e) => e.action === 'service.restart')).toMatchObject({ outcome: 'declined', environment: 'local', command: 'opsdeck restart db --env local', confirmation: `asked y/N; answered no via console by ${by}` });
  });
});

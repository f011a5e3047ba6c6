// Keys that arrive in reads of their own before React has committed what the previous key
// changed (":" then "run greet" a few ms apart on a busy host, CI failed once on it): each still
// reaches the layer the previous key put in place, here the command line ":" opened, and not
// the screen under it ("r" there opens the runbook list).
import { describe, expect, it } from 'vitest';
import { closeConsolesAfterEach, mountRunbookConsole } from '../../helpers/runbook-console.js';

closeConsolesAfterEach();

describe('keys in separate reads', () => {
  it('a command typed right after ":" goes to the command line, key by key', async () => {
    const { tui } = mountRunbookConsole('local', { columns: 120, rows: 30 });
    await tui.waitFor('worker');
    await tui.burst(':', ...'run greet', 'enter');
    const frame = await tui.waitFor('who:');
    expect(frame).not.toContain('unknown command');
  });
});

// The status line clears once what it says is no longer current, instead of lingering for
// minutes ("restart api in local: cancelled" long after the dialog closed).
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityLine } from '../../../src/ui/components/activity-line.js';
import { createActivityStore } from '../../../src/state/activity-store.js';
import { ThemeProvider } from '../../../src/ui/theme/theme-context.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import { renderTui, type TuiHarness } from '../../helpers/ink.js';

let tui: TuiHarness | undefined;
afterEach(() => tui?.unmount());

const mount = (store: ReturnType<typeof createActivityStore>) =>
  renderTui(
    <ThemeProvider theme={createTheme({ color: false, ascii: false })}>
      <ActivityLine store={store} width={80} />
    </ThemeProvider>,
  );

describe('ActivityLine', () => {
  it('shows a fresh entry, and not one past its time', async () => {
    const store = createActivityStore();
    store.getState().add('info', 'restart api in local: cancelled', 'api', Date.now() - 16_000);
    tui = mount(store);
    expect(tui.frame().trim()).toBe('');
    store.getState().add('ok', 'api healthy in 1.2s', 'api');
    await tui.waitFor('✔ api healthy in 1.2s');
  });
});

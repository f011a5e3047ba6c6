// Every key table has descriptions and no clashes; the checker itself catches both.
import { describe, expect, it } from 'vitest';
import { bindingLabel, checkKeyTables, type KeyTable } from '../../../src/ui/keys/key-table.js';
import { GLOBAL_KEYS } from '../../../src/ui/keys/global-keys.js';
import { SERVICES_KEYS } from '../../../src/ui/screens/services/services-keys.js';
import { SERVICE_KEYS } from '../../../src/ui/screens/service/service-keys.js';
import { LOGS_KEYS } from '../../../src/ui/screens/logs/logs-keys.js';
import { CONFIRM_KEYS, TYPED_CONFIRM_KEYS } from '../../../src/ui/components/confirm-dialog.js';
import { HELP_KEYS } from '../../../src/ui/components/help-overlay.js';
import { COMMAND_KEYS } from '../../../src/ui/components/command-prompt.js';
import { LIST_KEYS } from '../../../src/ui/components/select-list.js';
import { KeyRouter, PRIORITY } from '../../../src/ui/keys/key-router.js';

const SCREENS = { services: SERVICES_KEYS, service: SERVICE_KEYS, logs: LOGS_KEYS };
// Modals are exclusive: they are checked on their own, not against the global keys.
const MODALS = { confirm: CONFIRM_KEYS, typedConfirm: TYPED_CONFIRM_KEYS, help: HELP_KEYS, command: COMMAND_KEYS, list: LIST_KEYS };

describe('key tables', () => {
  it('screens have a description for every action and no key clashes with the global keys', () => {
    expect(checkKeyTables(SCREENS, GLOBAL_KEYS)).toEqual([]);
    expect(checkKeyTables(MODALS, [])).toEqual([]);
  });

  it.each<[string, KeyTable, RegExp]>([
    ['missing description', [{ keys: ['z'], description: ' ', action: 'zap' }], /"zap" has no description/],
    ['same key twice', [{ keys: ['a'], description: 'one', action: 'one' }, { keys: ['a'], description: 'two', action: 'two' }], /key "a" bound to both "one" and "two"/],
    ['shadows a global key', [{ keys: ['q'], description: 'query', action: 'query' }], /key "q" \("query"\) clashes with global "quit"/],
  ])('reports %s', (_name, table, message) => {
    const problems = checkKeyTables({ broken: table }, GLOBAL_KEYS);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
  });

  it('--ascii draws hand-written labels without arrow glyphs', () => {
    const labels = [...Object.values(SCREENS), ...Object.values(MODALS)].flat().map((b) => bindingLabel(b, true));
    expect(labels.filter((l) => /[↑↓←→]/.test(l))).toEqual([]);
    expect(bindingLabel({ keys: ['up', 'k'], description: 'up', action: 'up', label: 'k/↑' }, true)).toBe('k/Up');
    expect(bindingLabel({ keys: ['up', 'k'], description: 'up', action: 'up', label: 'k/↑' }, false)).toBe('k/↑');
  });

  it('e means "environment" on every screen: the log viewer walks warnings with ] and [', () => {
    expect(LOGS_KEYS.filter((b) => b.keys.includes('e') || b.keys.includes('E'))).toEqual([]);
    expect(LOGS_KEYS.find((b) => b.action === 'nextProblem')).toMatchObject({ keys: [']'], short: 'next warn/err' });
  });

  it('allows a deliberate override', () => {
    expect(checkKeyTables({ logs: [{ keys: ['e'], description: 'next error', action: 'nextError', overrides: true }] }, GLOBAL_KEYS)).toEqual([]);
  });
});

describe('key router', () => {
  it('offers a key to modal, then screen, then global; exclusive layers stop it', () => {
    const router = new KeyRouter();
    const got: string[] = [];
    router.add({ priority: PRIORITY.global, table: GLOBAL_KEYS, onAction: (a) => void got.push(`global:${a}`) });
    const removeScreen = router.add({ priority: PRIORITY.screen, table: SERVICES_KEYS, onAction: (a) => void got.push(`screen:${a}`) });
    expect(router.dispatch('j', 'j')).toBe(true);
    expect(router.dispatch('q', 'q')).toBe(true);
    expect(router.dispatch('Z', 'Z')).toBe(false);
    const removeModal = router.add({ priority: PRIORITY.modal, table: CONFIRM_KEYS, exclusive: true, onAction: (a) => void got.push(`modal:${a}`) });
    router.dispatch('q', 'q');
    router.dispatch('y', 'y');
    removeModal();
    router.dispatch('q', 'q');
    removeScreen();
    router.dispatch('j', 'j');
    expect(got).toEqual(['screen:down', 'global:quit', 'modal:yes', 'global:quit']);
  });

  it('lets a handler decline a key (returns false) so a lower layer gets it', () => {
    const router = new KeyRouter();
    const got: string[] = [];
    router.add({ priority: PRIORITY.global, table: [{ keys: ['escape'], description: 'x', action: 'g' }], onAction: (a) => void got.push(a) });
    router.add({ priority: PRIORITY.screen, table: [{ keys: ['escape'], description: 'x', action: 's' }], onAction: () => false });
    router.dispatch('', 'escape');
    expect(got).toEqual(['g']);
  });
});

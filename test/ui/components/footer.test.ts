import { describe, expect, it } from 'vitest';
import { fitFooter, footerEntries } from '../../../src/ui/components/footer.js';
import { GLOBAL_KEYS } from '../../../src/ui/keys/global-keys.js';
import { SERVICE_KEYS } from '../../../src/ui/screens/service/service-keys.js';
import { SERVICES_KEYS } from '../../../src/ui/screens/services/services-keys.js';
import { PLAN_KEYS } from '../../../src/ui/screens/runbooks/runbooks-keys.js';

describe('footer', () => {
  it('lists the screen keys then the global ones, skipping help-only bindings', () => {
    const entries = footerEntries([SERVICES_KEYS, GLOBAL_KEYS], false);
    expect(entries.map((e) => e.description)).toEqual(['up', 'down', 'open', 'logs', 'runbooks', 'triage', 'incident', 'help', 'environment', 'command', 'quit']);
  });

  it('always keeps help and quit when the line is too short for everything', () => {
    const entries = footerEntries([SERVICE_KEYS, GLOBAL_KEYS], false);
    const fitted = fitFooter(entries, 60);
    const text = fitted.map((e) => `${e.label} ${e.description}  `).join('');
    expect(text.length).toBeLessThanOrEqual(60);
    expect(fitted.map((e) => e.description)).toContain('quit');
    expect(fitted.map((e) => e.description)).toContain('help');
    expect(fitted[0]!.description).toBe('start');
  });

  it('keeps the screen\'s Enter (its main action) before the other keys: the plan at 60 columns', () => {
    const fitted = fitFooter(footerEntries([PLAN_KEYS, GLOBAL_KEYS], false), 60);
    const text = fitted.map((e) => `${e.label} ${e.description}  `).join('');
    expect(text.length).toBeLessThanOrEqual(60);
    expect(text).toContain('Enter start the run');
    expect(fitted.map((e) => e.description)).toEqual(expect.arrayContaining(['help', 'quit']));
  });
});

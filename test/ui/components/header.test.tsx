// The header with everything an on-call console can show at once (an overdue P1 incident with a
// long title, its escalation hint, an active maintenance window, a DR warning, the lock): at 80
// columns user@host and the environment still show whole and the line fits, lower-priority
// parts shortened first; at 120 more of each shows. Wordings come from the real domain code.
import { describe, expect, it } from 'vitest';
import { Header, type HeaderItem } from '../../../src/ui/components/header.js';
import { ThemeProvider } from '../../../src/ui/theme/theme-context.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import { HEADER_PRIORITY } from '../../../src/ui/presentation/header-layout.js';
import { foldIncident } from '../../../src/domain/incident/incident-fold.js';
import { incidentClock, incidentHeaderVariants } from '../../../src/domain/incident/incident-clock.js';
import { severityTargets } from '../../../src/domain/incident/severity.js';
import { DEFAULT_CONTACTS } from '../../../src/domain/incident/escalation.js';
import { windowText, windowTextShort } from '../../../src/domain/maintenance/window-text.js';
import { drWarning } from '../../../src/domain/runbook/dr-readiness.js';
import { formatDuration } from '../../../src/domain/duration.js';
import { renderTui } from '../../helpers/ink.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 3, 0);
const identity = 'oncall-ana@bastion-prod-1';

function busyItems(now: number): HeaderItem[] {
  const inc = foldIncident([{ type: 'start', at: T0, by: 'ana@b', id: 'INC-12', profile: 'shop', environment: 'production', severity: 'P1', title: 'checkout API returning 502 for card payments in EU', services: ['api'] }])!;
  const clock = incidentClock(inc, severityTargets(undefined), DEFAULT_CONTACTS, now);
  const [text, ...shorter] = incidentHeaderVariants(inc, clock);
  const win = { active: { name: 'weekly-db', startMs: now - 10 * MIN, endMs: now + 72 * MIN, timezone: 'Europe/Paris' } };
  const dr = { rpoMs: 24 * 60 * MIN, backupAgeMs: 3 * 24 * 60 * MIN, backupWithinRpo: false } as Parameters<typeof drWarning>[0];
  return [
    { text: text!, shorter, priority: HEADER_PRIORITY.incident, tone: 'alert' },
    { text: 'reach L2 engineering manager: phone +33 1 23 45 67 89', shorter: ['reach L2 engineering manager', 'reach L2'], priority: HEADER_PRIORITY.escalation, tone: 'alert' },
    { text: windowText(win, now)!, shorter: windowTextShort(win, now), priority: HEADER_PRIORITY.maintenance, tone: 'warn' },
    { text: drWarning(dr, formatDuration)!, shorter: ['BACKUP 3d old', 'BACKUP OLD'], priority: HEADER_PRIORITY.dr, tone: 'alert' },
    { text: 'lock: bob@deploy-host deploy since 03:12Z', shorter: ['lock: bob@deploy-host deploy', 'lock: bob', 'locked'], priority: HEADER_PRIORITY.run, tone: 'warn' },
  ];
}

/** The first line once drawn at `columns` (the harness sets the width after the first frame). */
async function drawnAt(tui: ReturnType<typeof renderTui>, who: string): Promise<string> {
  const line = await tui.waitFor(new RegExp(`  ${who.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(\\n|$)`));
  return line.split('\n')[0]!;
}

async function headerLine(columns: number, ascii = false, who = identity): Promise<string> {
  const tui = renderTui(
    <ThemeProvider theme={createTheme({ color: false, ascii })}>
      <Header profile="shop" environment="production" protectedEnv identity={who} width={columns} items={busyItems(T0 + 40 * MIN)} />
    </ThemeProvider>,
    { columns, rows: 5 },
  );
  const line = await drawnAt(tui, who);
  tui.unmount();
  return line;
}

describe('header priorities', () => {
  it('at 80 columns with a long user@host: identity and environment whole, the incident kept, the rest left out', async () => {
    const line = await headerLine(80);
    expect(line.length).toBeLessThanOrEqual(80);
    expect(line.endsWith(`  ${identity}`)).toBe(true);
    expect(line).toContain('env  production PROTECTED ');
    expect(line).toMatch(/INC-12 P1 (NO RESP|\d+m\/30m)/);
    expect(line).not.toContain('opsdeck');
  });

  it('at 80 columns with a usual user@host: the DR warning and the escalation hint yield first', async () => {
    const line = await headerLine(80, false, 'ana@bastion');
    expect(line.length).toBeLessThanOrEqual(80);
    expect(line.endsWith('  ana@bastion')).toBe(true);
    expect(line).toContain('env  production PROTECTED ');
    for (const part of ['INC-12 P1 NO RESP', 'MAINT', 'lock']) expect(line).toContain(part);
    expect(line).not.toContain('BACKUP');
    expect(line).not.toContain('reach');
  });

  it('an incident, a maintenance window and a DR warning: all three at 80 columns, worded longer at 120', async () => {
    const [incident, , window, dr] = busyItems(T0 + 40 * MIN);
    const line = async (columns: number) => {
      const tui = renderTui(
        <ThemeProvider theme={createTheme({ color: false, ascii: false })}>
          <Header profile="shop" environment="production" protectedEnv identity="ana@bastion" width={columns} items={[incident!, window!, dr!]} />
        </ThemeProvider>,
        { columns, rows: 5 },
      );
      const l = await drawnAt(tui, 'ana@bastion');
      tui.unmount();
      return l;
    };
    const narrow = await line(80);
    expect(narrow.length).toBeLessThanOrEqual(80);
    expect(narrow.endsWith('  ana@bastion')).toBe(true);
    for (const part of ['env  production PROTECTED ', 'INC-12 P1', 'MAINT', 'BACKUP']) expect(narrow).toContain(part);
    const wide = await line(120);
    expect(wide.length).toBeLessThanOrEqual(120);
    expect(wide.endsWith('  ana@bastion')).toBe(true);
    expect(wide).toMatch(/INC-12 P1 40m\/30m NO RESPONSE · upd(ate)? OVERDUE/);
    for (const part of ['MAINT 1h12m left', 'BACKUP']) expect(wide).toContain(part);
  });

  it('at 120 columns: the incident gets its timers before the lower parts show, the line ends with the identity', async () => {
    const line = await headerLine(120);
    expect(line.length).toBeLessThanOrEqual(120);
    expect(line.endsWith(`  ${identity}`)).toBe(true);
    expect(line).toContain('env  production PROTECTED ');
    expect(line).toMatch(/INC-12 P1 40m\/30m NO RESPONSE · upd(ate)? OVERDUE/);
    for (const part of ['MAINT', 'lock']) expect(line).toContain(part);
  });

  it('a quiet header keeps every part whole', async () => {
    const tui = renderTui(
      <ThemeProvider theme={createTheme({ color: false, ascii: false })}>
        <Header profile="demo" environment="local" protectedEnv={false} identity={identity} width={80} />
      </ThemeProvider>,
    );
    expect(tui.frame().split('\n')[0]).toBe(`opsdeck  profile demo  env local  ${identity}`);
    tui.unmount();
  });

  it('with --ascii the shortened parts use ASCII only', async () => {
    for (const columns of [80, 120]) {
      const line = await headerLine(columns, true);
      expect(line.match(/[^\x20-\x7e]/g) ?? [], line).toEqual([]);
      expect(line.endsWith(identity)).toBe(true);
    }
  });
});

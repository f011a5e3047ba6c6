// The service screen's instances panel: one row per instance from the health store (as the
// monitor writes it), CPU and memory from the stats the store keeps per instance, an instance
// without a container saying why, and the home row's count.
import { afterEach, expect, it } from 'vitest';
import { ConsoleApp } from '../../../../src/ui/app.js';
import { renderTui, type TuiHarness } from '../../../helpers/ink.js';
import { healthOf, recordingSession } from '../../../helpers/console-session.js';
import { makeProfile } from '../../../helpers/profiles.js';
import { instanceRowCells } from '../../../../src/ui/presentation/instance-row.js';
import { formatBytes } from '../../../../src/domain/fleet/container-stats.js';

let tui: TuiHarness | undefined;
afterEach(() => tui?.unmount());

const profile = makeProfile({
  hosts: { 'web-1': { ssh: 'web-1', labels: { role: 'web' } }, 'web-2': { ssh: 'web-2', labels: { role: 'web' } }, 'web-3': { ssh: 'web-3', labels: { role: 'web' } } },
  services: { web: { on: { role: 'web' }, docker: { container: 'shop-web' } }, db: { docker: { container: 'shop-db' } } },
});
const started = new Date(Date.now() - 185_000).toISOString();

it('one row per instance: host, container, state, health, uptime, restarts, CPU, memory', async () => {
  const { session } = recordingSession(profile);
  session.health.getState().update({
    web: healthOf('web', 'degraded', {
      instances: [
        { name: 'web@web-1', host: 'web-1', container: 'shop-web', containerId: 'a'.repeat(64), run: 'running', status: 'running', health: 'healthy', startedAt: started, restartCount: 2 },
        { name: 'web@web-2', host: 'web-2', container: 'shop-web', containerId: 'b'.repeat(64), run: 'exited', status: 'exited', exitCode: 137, restartCount: 0, problem: 'container exited (code 137)' },
        { name: 'web@web-3', host: 'web-3', run: 'unknown', status: 'unreachable', problem: 'cannot reach Docker at ssh://web-3: connection refused' },
      ],
    }),
  }, Date.now());
  session.health.getState().setInstanceStats('web', 'web@web-1', { cpuPercent: 3.25, memoryBytes: 48 * 1024 * 1024, at: Date.now() });
  tui = renderTui(<ConsoleApp session={session} onQuit={() => undefined} />, { columns: 100, rows: 30 });
  // The home row: one row, the count, the bad instances by name.
  const home = await tui.waitFor(/web\s+1\/3 running/);
  expect(home).toMatch(/^. web\s+1\/3 running\s+\S+ degraded .*web@web-2 exited, web@web-3 unreachable/m);
  await tui.press('enter');
  const frame = await tui.waitFor('Instances (1/3 running)');
  expect(frame).toMatch(/HOST\s+CONTAINER\s+STATE\s+HEALTH\s+UP\s+RESTARTS\s+CPU\s+MEM/);
  expect(frame).toMatch(/web-1\s+shop-web\s+running\s+healthy\s+3m\s+2\s+3\.3%\s+48M/);
  expect(frame).toMatch(/web-2\s+shop-web\s+exited\s+-\s+-\s+0\s+-\s+-/);
  expect(frame).toMatch(/web-3\s+unreachable: cannot reach Docker at ssh:\/.\s+unreachable/);
  expect(frame).toMatch(/state 1\/3 running/);
  // On 80x24 the three rows, the actions and the footer still fit.
  tui.resize(80, 24);
  // The 100x30 frame shows the same rows: wait for one drawn at 80 columns (no line wider).
  const small = await tui.waitFor(/^(?![\s\S]*(?:^|\n)[^\n]{81})[\s\S]*web-3\s+unreachable[\s\S]*Esc back/);
  expect(small.split('\n').length).toBeLessThan(24);
  expect(small).toMatch(/web-1\s+shop-web\s+running\s+healthy/);
});

it('80x24: the panel, the actions and the footer fit; a service on one host still shows its host', async () => {
  const one = makeProfile({
    hosts: { 'web-1': { ssh: 'web-1' } },
    services: { web: { on: 'web-1', docker: { container: 'shop-web' } } },
  });
  const { session } = recordingSession(one);
  session.health.getState().update({ web: healthOf('web', 'healthy', { instances: [{ name: 'web@web-1', host: 'web-1', container: 'shop-web', run: 'running', status: 'running', startedAt: started, restartCount: 0 }] }) }, Date.now());
  tui = renderTui(<ConsoleApp session={session} onQuit={() => undefined} />, { columns: 80, rows: 24 });
  await tui.waitFor(/web\s+running/);
  await tui.press('enter');
  const frame = await tui.waitFor('Instances');
  expect(frame).toMatch(/web-1\s+shop-web\s+running/);
  expect(frame.split('\n').length).toBeLessThan(24);
  expect(frame).toContain('Esc back');
});

it('a service with one container has no instances panel', async () => {
  const { session } = recordingSession(profile);
  session.health.getState().update({ db: healthOf('db', 'healthy', { instances: [{ name: 'shop-db', container: 'shop-db', run: 'running', status: 'running', restartCount: 0 }] }) }, Date.now());
  tui = renderTui(<ConsoleApp session={session} onQuit={() => undefined} />, { columns: 100, rows: 30 });
  await tui.waitFor(/db\s+running/);
  await tui.press('down', 'enter');
  const frame = await tui.waitFor('provider docker');
  expect(frame).toMatch(/^db /m);
  expect(instanceRowCells({ name: 'shop-db', container: 'shop-db', run: 'running', status: 'running' }, Date.now()).host).toBe('local');
  expect(instanceRowCells({ name: 'shop-db', container: 'shop-db', run: 'running', status: 'running' }, Date.now()).mem).toBe('-');
  expect([512, 1536, 64 << 20, 1.5 * 2 ** 30].map((n) => formatBytes(n, 'compact'))).toEqual(['512B', '1.5K', '64M', '1.5G']);
});

it('more instances than rows: the panel scrolls with the selection (j/k), its title says which ones show', async () => {
  const hosts = Array.from({ length: 20 }, (_, i) => `web-${String(i + 1).padStart(2, '0')}`);
  const many = makeProfile({
    hosts: Object.fromEntries(hosts.map((h) => [h, { ssh: h, labels: { role: 'web' } }])),
    services: { web: { on: { role: 'web' }, docker: { container: 'shop-web' } } },
  });
  const { session } = recordingSession(many);
  session.health.getState().update({
    web: healthOf('web', 'healthy', { instances: hosts.map((h) => ({ name: `web@${h}`, host: h, container: 'shop-web', run: 'running' as const, status: 'running', startedAt: started, restartCount: 0 })) }),
  }, Date.now());
  tui = renderTui(<ConsoleApp session={session} onQuit={() => undefined} />, { columns: 100, rows: 30 });
  await tui.waitFor(/web\s+20\/20 runn/);
  await tui.press('enter');
  let frame = await tui.waitFor('Instances (20/20 running) 1-8 of 20 (j/k)');
  expect(frame).toMatch(/^▶ web-01 /m);
  expect(frame).toMatch(/^  web-08 /m);
  expect(frame).not.toContain('web-09');
  // Down past the last row shown: the window moves with the selection.
  for (let n = 2; n <= 10; n++) {
    await tui.press('j');
    frame = await tui.waitFor(new RegExp(`^▶ web-${String(n).padStart(2, '0')} `, 'm'));
  }
  expect(frame).toContain('3-10 of 20 (j/k)');
  expect(frame).not.toMatch(/web-0[12] /);
  // To the end, and back up past the first row shown.
  for (let n = 11; n <= 20; n++) await tui.press('down');
  frame = await tui.waitFor(/^▶ web-20 /m);
  expect(frame).toContain('13-20 of 20 (j/k)');
  await tui.press('j');
  for (let n = 19; n >= 12; n--) await tui.press('k');
  frame = await tui.waitFor(/^▶ web-12 /m);
  expect(frame).toContain('12-19 of 20 (j/k)');
});

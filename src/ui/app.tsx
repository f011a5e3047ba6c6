// The console shell: header, the current screen (or a modal over it), status line, footer.
// Screens plug in through screens/registry.tsx; keys go through one router with priorities.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box } from 'ink';
import { useStore } from 'zustand';
import type { ConsoleSession } from '../services/console/console-session-types.js';
import { ModalContext, NavContext, SessionContext, ViewportContext, type ConfirmRequest, type ModalHost, type Navigation } from './app-context.js';
import { KeyRouter, PRIORITY } from './keys/key-router.js';
import { KeyRouterProvider, useKeyLayer, useRouter } from './keys/use-key-layer.js';
import { GLOBAL_KEYS } from './keys/global-keys.js';
import { LiveKeysContext, type LiveKeys, type LiveKeysHost } from './keys/live-keys.js';
import type { KeyTable } from './keys/key-table.js';
import { runCommandLine } from './keys/command-line.js';
import { CONSOLE_COMMANDS } from './console-commands.js';
import { Header, type HeaderItem } from './components/header.js';
import { HEADER_PRIORITY } from './presentation/header-layout.js';
import { Footer } from './components/footer.js';
import { ActivityLine } from './components/activity-line.js';
import { ConfirmDialog, CONFIRM_KEYS, TYPED_CONFIRM_KEYS } from './components/confirm-dialog.js';
import { HelpOverlay, HELP_KEYS } from './components/help-overlay.js';
import { CommandPrompt, COMMAND_KEYS } from './components/command-prompt.js';
import { SelectList, LIST_KEYS } from './components/select-list.js';
import { screenFor } from './screens/registry.js';
import type { Route } from './screens/routes.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useRunHeader } from './screens/runbooks/use-run-header.js';
import { useIncidentHeader } from './screens/incidents/use-incident-header.js';
import { useMaintenanceHeader } from './screens/incidents/use-maintenance-header.js';
import { useDrHeader } from './screens/incidents/use-dr-header.js';
import { readOnlyReason } from '../domain/policy/action-policy.js';
import type { Confirmer } from '../ports/confirmer.js';

type Modal =
  | { kind: 'help' }
  | { kind: 'environments' }
  | { kind: 'command' }
  | { kind: 'confirm'; request: ConfirmRequest; resolve(ok: boolean, refused?: string[]): void };

export interface ConsoleAppProps {
  session: ConsoleSession;
  /** Called once when the operator quits (q, :q, Ctrl-C). */
  onQuit(): void;
  /** Extra header items (lock holder, incident, maintenance window). @default [] */
  headerItems?: readonly HeaderItem[];
  /** Open on this service's log viewer ("all": every service merged); Esc goes back to the list. */
  openLogs?: string;
}

/** Header (2) + status line (1) + footer (1) + one spare row so the frame never fills the screen. */
export const CHROME_ROWS = 5;

export function ConsoleApp(props: ConsoleAppProps) {
  const router = useMemo(() => new KeyRouter(), []);
  return (
    <KeyRouterProvider router={router}>
      <SessionContext.Provider value={props.session}>
        <Shell {...props} />
      </SessionContext.Provider>
    </KeyRouterProvider>
  );
}

function Shell({ session, onQuit, headerItems = [], openLogs }: ConsoleAppProps) {
  const { columns, rows } = useTerminalSize();
  const router = useRouter();
  const [stack, setStack] = useState<Route[]>(() => initialStack(session, openLogs));
  const [modal, setModal] = useState<Modal | undefined>();
  // The keys the screen on top says it offers now (useLiveKeys), over its registry table.
  const [live, setLive] = useState<{ owner: object; keys: LiveKeys } | undefined>();
  const liveHost: LiveKeysHost = useMemo(() => ({
    set: (owner, keys) => setLive((cur) => (keys ? { owner, keys } : cur?.owner === owner ? undefined : cur)),
  }), []);
  const environment = useStore(session.health, (s) => s.environment);
  const env = session.environments().find((e) => e.name === environment) ?? session.currentEnvironment();
  const route = stack[stack.length - 1]!;
  const runItems = useRunHeader(session);
  const incidentItems = useIncidentHeader(session);
  const maintenanceItems = useMaintenanceHeader(session);
  const drItems = useDrHeader(session);
  // Read-only mode: dangerous keys and commands are neither shown nor accepted (one policy).
  const access = useStore(session.access);
  const readOnly = readOnlyReason(env, access);
  router.allow = (b) => !(readOnly && b.dangerous);
  const offered = (t: KeyTable): KeyTable => (readOnly ? t.filter((b) => !b.dangerous) : t);
  const commands = readOnly ? CONSOLE_COMMANDS.filter((c) => !c.dangerous) : CONSOLE_COMMANDS;
  const modeItems: HeaderItem[] = readOnly ? [{ text: 'READ-ONLY', tone: 'warn', priority: HEADER_PRIORITY.mode }] : access.escalated ? [{ text: 'WRITE (escalated)', shorter: ['WRITE'], tone: 'alert', priority: HEADER_PRIORITY.mode }] : [];
  const quitOnce = useRef(false);
  const quitNow = useCallback(() => {
    if (quitOnce.current) return;
    quitOnce.current = true;
    onQuit();
  }, [onQuit]);
  // A run in progress: ask first (an in-process run ends with the console).
  const quit = useCallback(() => {
    const run = session.runbooks.active();
    if (!run) return quitNow();
    setModal({
      kind: 'confirm',
      request: {
        title: session.runbooks.detached
          ? `Run ${run.runId} is in progress. Quit? It keeps running; attach again with :attach ${run.runId}`
          : `Run ${run.runId} is in progress. Quit anyway? The running step is aborted.`,
      },
      resolve: (ok) => void (ok && quitNow()),
    });
  }, [quitNow, session]);

  const nav: Navigation = useMemo(
    () => ({
      route,
      push: (r) => setStack((s) => [...s, r]),
      back: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
      home: () => setStack((s) => s.slice(0, 1)),
    }),
    [route],
  );
  const modalHost: ModalHost = useMemo(
    () => ({ confirm: (request) => new Promise<boolean>((resolve) => setModal({ kind: 'confirm', request, resolve })) }),
    [],
  );
  // The session's questions (service actions, :write) come through the one Confirmer port.
  useEffect(() => {
    const confirmer: Confirmer = {
      ask: async (r) => {
        const typed = r.level === 'typed' ? r.expected : undefined;
        const { ok, refused } = await new Promise<{ ok: boolean; refused?: string[] }>((resolve) => setModal({ kind: 'confirm', request: { title: r.prompt, command: r.command, typedName: typed, protectedEnv: r.protected }, resolve: (ok, refused) => resolve({ ok, refused }) }));
        return { choice: ok ? 'yes' : 'no', typed: ok ? typed : undefined, via: 'console', by: session.identity, ...(refused?.length ? { refused } : {}) };
      },
    };
    session.setConfirmer(confirmer);
    return () => session.setConfirmer(undefined);
  }, [session, modalHost]);

  // Modals are exclusive layers above this one, so nothing here needs deactivating while one is
  // open (re-registering on close would open a window where a fast key is lost).
  useKeyLayer(PRIORITY.global, GLOBAL_KEYS, (action) => {
    if (action === 'quit') {
      // An action under way is not killed by quitting (services are detached), but the operator
      // would stop watching it: ask first.
      const busy = Object.entries(session.activity.getState().busy).map(([svc, a]) => `${a} ${svc}`);
      if (busy.length === 0) quit();
      else void modalHost.confirm({ title: `${busy.join(', ')} in progress: quit anyway?` }).then((ok) => ok && quit());
    }
    else if (action === 'help') setModal({ kind: 'help' });
    else if (action === 'environments') setModal({ kind: 'environments' });
    else if (action === 'command') setModal({ kind: 'command' });
  });

  const screen = screenFor(route);
  const screenKeys = offered(live?.keys.table ?? screen.keys(route, session));
  const footerTables: KeyTable[] = !modal
    ? live?.keys.alone ? [screenKeys] : [screenKeys, GLOBAL_KEYS]
    : modal.kind === 'confirm'
      ? [modal.request.typedName !== undefined ? TYPED_CONFIRM_KEYS : CONFIRM_KEYS]
      : modal.kind === 'help'
        ? [HELP_KEYS]
        : modal.kind === 'command'
          ? [COMMAND_KEYS]
          : [LIST_KEYS];
  const bodyHeight = Math.max(3, rows - CHROME_ROWS);
  const close = () => setModal(undefined);

  const pickEnvironment = (name: string) => {
    close();
    if (name === environment) return;
    session.switchEnvironment(name);
    setStack((s) => s.slice(0, 1));
  };

  return (
    <ModalContext.Provider value={modalHost}>
      <LiveKeysContext.Provider value={liveHost}>
      <NavContext.Provider value={nav}>
        <ViewportContext.Provider value={{ width: columns, height: bodyHeight }}>
          <Box flexDirection="column" width={columns}>
            <Header profile={session.profile.name} environment={env.name} protectedEnv={env.protected} identity={session.identity} width={columns} items={[...modeItems, ...incidentItems, ...maintenanceItems, ...drItems, ...runItems, ...headerItems]} />
            <Box height={bodyHeight} flexDirection="column" overflow="hidden">
              {/* Screens under the top one stay mounted (hidden) so going back keeps their state. */}
              {stack.map((r, i) => {
                const top = i === stack.length - 1;
                return (
                  <Box key={`${i}:${r.name}`} display={top && (!modal || modal.kind === 'command') ? 'flex' : 'none'} flexDirection="column">
                    {screenFor(r).render(r, top)}
                  </Box>
                );
              })}
              {modal?.kind === 'help' ? (
                <HelpOverlay
                  height={bodyHeight}
                  sections={[
                    { title: screen.title(route), table: screenKeys },
                    { title: 'Everywhere', table: GLOBAL_KEYS },
                    { title: 'Commands (after :)', table: commands.map((c) => ({ keys: [c.usage], label: c.usage, description: c.description, action: c.name, dangerous: c.dangerous })) },
                  ]}
                  onClose={close}
                />
              ) : null}
              {modal?.kind === 'environments' ? (
                <SelectList
                  title="Environment (Enter switches, Esc closes)"
                  priority={PRIORITY.modal}
                  height={bodyHeight}
                  items={session.environments().map((e) => ({ key: e.name, label: e.protected ? `${e.name} PROTECTED` : e.name, detail: e.description, alert: e.protected }))}
                  initialKey={environment}
                  onPick={pickEnvironment}
                  onClose={close}
                />
              ) : null}
              {modal?.kind === 'confirm' ? (
                <ConfirmDialog
                  request={modal.request}
                  onAnswer={(ok, reason, refused) => {
                    close();
                    if (!ok && reason && reason !== 'cancelled') session.note('error', reason);
                    else if (!ok) session.note('info', `${modal.request.title.replace(/\?$/, '')}: cancelled`);
                    modal.resolve(ok, refused);
                  }}
                />
              ) : null}
            </Box>
            {modal?.kind === 'command' ? (
              <CommandPrompt
                onCancel={close}
                onSubmit={(text) => {
                  close();
                  const err = runCommandLine(text, CONSOLE_COMMANDS, {
                    session,
                    quit,
                    home: () => setStack((s) => s.slice(0, 1)),
                    help: () => setModal({ kind: 'help' }),
                    open: (r) => setStack((s) => [...s, r]),
                  }, readOnly);
                  if (err) session.note('error', err);
                }}
              />
            ) : (
              <ActivityLine store={session.activity} width={columns} />
            )}
            <Footer tables={footerTables} width={columns} />
          </Box>
        </ViewportContext.Provider>
      </NavContext.Provider>
      </LiveKeysContext.Provider>
    </ModalContext.Provider>
  );
}

function initialStack(session: ConsoleSession, openLogs: string | undefined): Route[] {
  const home: Route = { name: 'services' };
  if (openLogs === undefined) return [home];
  if (openLogs === 'all') return [home, { name: 'logs', service: '*' }];
  // An unknown name opens the list, where the header shows every service there is.
  return openLogs in session.profile.services ? [home, { name: 'logs', service: openLogs }] : [home];
}

// Before the console: choose the profile (picker), show a broken one's problems (errors screen,
// r reloads), then open a session and hand over to the console shell.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { OpsDir } from '../domain/profile/ops-dir.js';
import type { Profile } from '../domain/profile/profile-model.js';
import { errorMessage } from '../domain/errors.js';
import { chooseProfile, type ProfileChoice } from '../services/console/profile-selection.js';
import type { ConsoleSession } from '../services/console/console-session-types.js';
import { ConsoleApp } from './app.js';
import type { HeaderItem } from './components/header.js';
import { KeyRouter } from './keys/key-router.js';
import { KeyRouterProvider } from './keys/use-key-layer.js';
import { ProfilePickerScreen } from './screens/profile-picker/profile-picker-screen.js';
import { ConfigErrorsScreen } from './screens/config-errors/config-errors-screen.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useReadEffect } from './use-read-effect.js';

export interface RootProps {
  ops: OpsDir;
  /** --profile or OPSDECK_PROFILE. */
  profileName?: string;
  /** Opens the session for a valid profile; may throw (e.g. an unknown --env). */
  openSession(profile: Profile): ConsoleSession;
  /** Every session opened, so the exit path can dispose it. */
  onSession?(session: ConsoleSession | undefined): void;
  onQuit(): void;
  headerItems?: readonly HeaderItem[];
  /** Open on this service's log viewer ("all": every service merged), above the services list. */
  openLogs?: string;
}

export function Root({ ops, profileName, openSession, onSession, onQuit, headerItems, openLogs }: RootProps) {
  const [name, setName] = useState(profileName);
  // r reloads: the files are read again (a new choice, so a fixed profile opens its session).
  const [generation, setGeneration] = useState(0);
  const choice: ProfileChoice = useReadEffect(() => chooseProfile(ops, name), [ops, name, generation]);
  const profile = choice.kind === 'ready' ? choice.profile : undefined;
  // The session for a ready profile opens in the first render, so the first frame Ink writes is
  // the console itself, not an "opening…" frame followed by a second, throttled one (cold start).
  const [opened, setOpened] = useState<OpenedSession>(() => (profile ? openFor(profile, openSession) : {}));
  const { columns, rows } = useTerminalSize();
  const reload = () => setGeneration((g) => g + 1);
  // The session follows the profile only: a parent's new callback identity must not reopen it,
  // and the effect takes over the one opened in the first render without re-running for it.
  const latest = useRef({ openSession, onSession, opened });
  latest.current = { openSession, onSession, opened };

  useEffect(() => {
    if (!profile) return;
    const { openSession: open, onSession: tell, opened: was } = latest.current;
    // The one opened in the first render, or a new one after a reload or another choice.
    const current = was.profile === profile ? was : openFor(profile, open);
    if (current !== was) setOpened(current);
    if (current.session) tell?.(current.session);
    return () => {
      setOpened({});
      tell?.(undefined);
      void current.session?.dispose();
    };
  }, [profile]);

  const session = opened.profile === profile ? opened.session : undefined;
  const failure = opened.profile === profile ? opened.failure : undefined;
  if (session && profile) return <ConsoleApp session={session} onQuit={onQuit} headerItems={headerItems} openLogs={openLogs} />;
  const height = Math.max(3, rows - 2);
  let body;
  if (failure) {
    body = <ConfigErrorsScreen title={`cannot open the console: ${failure}`} problems={[]} width={columns} height={height} onReload={reload} onQuit={onQuit} hint="Check --env (or OPSDECK_ENV) and start again; r retries, q quits." />;
  } else if (choice.kind === 'pick') {
    body = <ProfilePickerScreen names={choice.names} message={choice.message} height={height} onPick={(n) => setName(n)} onQuit={onQuit} />;
  } else if (choice.kind === 'errors') {
    const count = choice.problems.length;
    body = <ConfigErrorsScreen title={`profile ${choice.name} (${choice.file}) has ${count} problem${count === 1 ? '' : 's'}`} problems={choice.problems} width={columns} height={height} onReload={reload} onQuit={onQuit} />;
  } else if (choice.kind === 'none') {
    body = <ConfigErrorsScreen title={choice.message} problems={[]} width={columns} height={height} onReload={reload} onQuit={onQuit} />;
  } else {
    body = <Text>opening {choice.profile.name}…</Text>;
  }
  return <PreConsole>{body}</PreConsole>;
}

/** The session opened for a profile, or why it could not open (e.g. an unknown --env). */
interface OpenedSession {
  profile?: Profile;
  session?: ConsoleSession;
  failure?: string;
}

function openFor(profile: Profile, openSession: (profile: Profile) => ConsoleSession): OpenedSession {
  try {
    return { profile, session: openSession(profile) };
  } catch (e) {
    return { profile, failure: errorMessage(e) };
  }
}

function PreConsole({ children }: { children: React.ReactNode }) {
  const router = useMemo(() => new KeyRouter(), []);
  return (
    <KeyRouterProvider router={router}>
      <Box flexDirection="column">{children}</Box>
    </KeyRouterProvider>
  );
}

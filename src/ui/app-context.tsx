// What every screen reaches through context: the session (intents + stores), navigation and
// the modal host (confirmations, overlays).
import { createContext, useContext } from 'react';
import type { ConsoleSession } from '../services/console/console-session-types.js';
import type { Route } from './screens/routes.js';

export const SessionContext = createContext<ConsoleSession | undefined>(undefined);

export function useSession(): ConsoleSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionContext>');
  return s;
}

export interface Navigation {
  route: Route;
  push(route: Route): void;
  back(): void;
  /** Back to the home screen (e.g. after an environment switch). */
  home(): void;
}

export const NavContext = createContext<Navigation | undefined>(undefined);

export function useNav(): Navigation {
  const n = useContext(NavContext);
  if (!n) throw new Error('useNav outside <NavContext>');
  return n;
}

export interface ConfirmRequest {
  title: string;
  /** Shown verbatim so the operator reads what will run. */
  command?: string;
  /** The operator must type this name (the environment's). */
  typedName?: string;
  /** The environment is protected: the dialog says PROTECTED only then. */
  protectedEnv?: boolean;
}

export interface ModalHost {
  /** Resolves true only on an explicit yes (or the exact typed name). */
  confirm(request: ConfirmRequest): Promise<boolean>;
}

export const ModalContext = createContext<ModalHost | undefined>(undefined);

export function useModal(): ModalHost {
  const m = useContext(ModalContext);
  if (!m) throw new Error('useModal outside <ModalContext>');
  return m;
}

/** Rows and columns the current screen may use (the live region stays shorter than the terminal). */
export interface Viewport {
  width: number;
  height: number;
}

export const ViewportContext = createContext<Viewport>({ width: 80, height: 18 });
export const useViewport = (): Viewport => useContext(ViewportContext);

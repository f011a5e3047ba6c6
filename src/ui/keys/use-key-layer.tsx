// Screens and modals register their key table with the router; the handler is kept in a ref so
// a new closure each render never re-subscribes anything.
import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useInput } from 'ink';
import { KeyRouter, type KeyLayer } from './key-router.js';
import type { KeyTable } from './key-table.js';
import { splitKeys } from './key-name.js';
import { wantKeyFrame } from '../ink/key-frame.js';

const RouterContext = createContext<KeyRouter | undefined>(undefined);

/**
 * Owns the router and the app's single useInput. Several keys read at once (a paste, fast
 * typing over SSH) are dispatched one at a time, each only after React has committed what the
 * previous one changed: a key that opens a modal has the modal's layer in place before the next
 * key arrives (":env prod" typed in one burst, or in several reads). The pacing is a state
 * tick whose effect runs after the commit that also carries the handler's own updates.
 */
export function KeyRouterProvider({ router, children }: { router: KeyRouter; children: ReactNode }) {
  const queue = useRef<{ input: string; name: string }[]>([]);
  // A key was dispatched and React has not committed what it changed yet. Keys that arrive in
  // the meantime wait, also when they come in a read of their own (":" then "r" a few ms apart
  // on a busy host: "r" must reach the command line ":" opens, not the screen under it).
  const settling = useRef(false);
  const [tick, setTick] = useState(0);
  const pump = useRef(() => {});
  pump.current = () => {
    const next = queue.current.shift();
    if (!next) return;
    wantKeyFrame();
    settling.current = true;
    try {
      router.dispatch(next.input, next.name);
    } finally {
      setTick((t) => t + 1);
    }
  };
  useInput((input, key) => {
    // A key with neither text nor a name (an unknown escape sequence such as a pasted colour
    // code, F5) means nothing to any layer: dropped here, so no capture sees an empty key.
    queue.current.push(...splitKeys(input, key).filter((k) => k.input !== '' || k.name !== ''));
    if (!settling.current) pump.current();
  });
  useEffect(() => {
    if (tick === 0) return;
    const h = setImmediate(() => {
      settling.current = false;
      pump.current();
    });
    return () => clearImmediate(h);
  }, [tick]);
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

/** A router of its own, for a screen mounted outside the console (tools/logs-view, tests). */
export function StandaloneKeyRouter({ children }: { children: ReactNode }) {
  const [router] = useState(() => new KeyRouter());
  return <KeyRouterProvider router={router}>{children}</KeyRouterProvider>;
}

export interface KeyLayerOptions {
  /** @default true */
  active?: boolean;
  capture?: (input: string, key: string) => boolean;
  /** @default false */
  exclusive?: boolean;
}

/**
 * Registers a key layer while mounted (and `active`). A layout effect, so the layer exists as
 * soon as the component is on screen: a key pressed right after a modal opens reaches it.
 */
export function useKeyLayer(priority: number, table: KeyTable, onAction: KeyLayer['onAction'], options: KeyLayerOptions = {}): void {
  const router = useContext(RouterContext);
  const handler = useRef(onAction);
  handler.current = onAction;
  const capture = useRef(options.capture);
  capture.current = options.capture;
  const active = options.active ?? true;
  const hasCapture = options.capture !== undefined;
  useLayoutEffect(() => {
    if (!router || !active) return;
    return router.add({
      priority,
      table,
      exclusive: options.exclusive,
      onAction: (a, k) => handler.current(a, k),
      capture: hasCapture ? (i, k) => capture.current?.(i, k) ?? false : undefined,
    });
  }, [router, active, priority, table, options.exclusive, hasCapture]);
}

/** The router of the enclosing KeyRouterProvider (the shell sets what it allows). */
export function useRouter(): KeyRouter {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter outside <KeyRouterProvider>');
  return router;
}

// Screens and modals register their key table with the router; the handler is kept in a ref so
// a new closure each render never re-subscribes anything.
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { useInput } from 'ink';
import { KeyRouter, type KeyLayer } from './key-router.js';
import type { KeyTable } from './key-table.js';
import { keyName } from './key-name.js';

const RouterContext = createContext<KeyRouter | undefined>(undefined);

/** Owns the router and the app's single useInput. */
export function KeyRouterProvider({ router, children }: { router: KeyRouter; children: ReactNode }) {
  useInput((input, key) => {
    router.dispatch(input, keyName(input, key));
  });
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

export interface KeyLayerOptions {
  /** @default true */
  active?: boolean;
  capture?: (input: string, key: string) => boolean;
  /** @default false */
  exclusive?: boolean;
}

export function useKeyLayer(priority: number, table: KeyTable, onAction: KeyLayer['onAction'], options: KeyLayerOptions = {}): void {
  const router = useContext(RouterContext);
  const handler = useRef(onAction);
  handler.current = onAction;
  const capture = useRef(options.capture);
  capture.current = options.capture;
  const active = options.active ?? true;
  const hasCapture = options.capture !== undefined;
  useEffect(() => {
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

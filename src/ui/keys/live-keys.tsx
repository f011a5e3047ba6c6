// The keys a screen offers when they depend on its state (a run that finished, a question the
// run screen asks, a resolved incident): the screen hands the shell the table it registers, and
// the footer and `?` help are generated from that instead of the registry's, so they never
// offer a key that no longer does anything.
import { createContext, useContext, useLayoutEffect, useRef } from 'react';
import type { KeyTable } from './key-table.js';

export interface LiveKeys {
  table: KeyTable;
  /** Only these keys work (a question that takes every key): the global ones are not offered. @default false */
  alone?: boolean;
}

export interface LiveKeysHost {
  /** `keys` undefined: the owner's screen no longer says (hidden, unmounted): the registry's table again. */
  set(owner: object, keys: LiveKeys | undefined): void;
}

export const LiveKeysContext = createContext<LiveKeysHost | undefined>(undefined);

/**
 * Tells the shell the keys this screen offers now, while it is `active` (on top). Pass tables
 * that keep their identity while the state does not change (module constants, or memoized).
 */
export function useLiveKeys(table: KeyTable, active: boolean, alone = false): void {
  const host = useContext(LiveKeysContext);
  const owner = useRef({});
  useLayoutEffect(() => {
    if (!host || !active) return;
    const me = owner.current;
    host.set(me, { table, alone });
    return () => host.set(me, undefined);
  }, [host, active, table, alone]);
}

// A value a screen reads from a service (a desk that reads files, a runbook list) when what
// signals a change is not the value itself: a store's revision, a clock bucket, the screen
// coming back to the top. `read()` runs at mount and again after any of `deps` changed.
// The lint rule checks `deps` at each call as it checks an effect's (eslint.config.js names this
// hook in additionalHooks): everything `read` uses must be there; the triggers may be too.
import { useEffect, useRef, useState, type DependencyList } from 'react';

export function useReadEffect<T>(read: () => T, deps: DependencyList): T {
  const [value, setValue] = useState<{ v: T }>(() => ({ v: read() }));
  const mounted = useRef(false);
  useEffect(() => {
    // The first read is the initial state: no second read (and render) at mount.
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    setValue({ v: read() });
    // The caller's list, checked at each call site (additionalHooks), not here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value.v;
}

// State whose latest value is readable at once through a ref. Key handlers run several times
// between renders (a burst of keys), so they must not read a value captured by the last render.
import { useCallback, useRef, useState } from 'react';

export function useSyncState<T>(initial: T | (() => T)): [T, (next: T | ((prev: T) => T)) => void, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const ref = useRef(value);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (prev: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  return [value, set, ref];
}

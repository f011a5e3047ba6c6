// Values built anew each render (a list sliced from the profile, an object of form values) kept
// at the same identity while their content is the same, so they can be an effect's or a memo's
// dependency without re-running it on every render.
import { useRef } from 'react';

/** The same array while its items are the same (===). */
export function useSameList<T>(list: readonly T[]): readonly T[] {
  const kept = useRef(list);
  if (kept.current !== list && (kept.current.length !== list.length || kept.current.some((x, i) => x !== list[i]))) kept.current = list;
  return kept.current;
}

/** The same value while its JSON is the same (plain data only). */
export function useSameJson<T>(value: T): T {
  const kept = useRef<{ json: string; value: T }>(undefined);
  const json = JSON.stringify(value);
  if (kept.current?.json !== json) kept.current = { json, value };
  return kept.current.value;
}

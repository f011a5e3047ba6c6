// A value built on first use, once: for costly module-level setup (zod schemas) that many starts
// never need.
export function lazily<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

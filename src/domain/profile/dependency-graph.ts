// Service dependency order: start dependencies first, stop dependants first; cycles named whole.

export type DependencyMap = Readonly<Record<string, readonly string[]>>;

/** Every cycle reachable in the graph, each as [a, b, ..., a]; unknown names are ignored. */
export function findCycles(deps: DependencyMap): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of deps[node] ?? []) {
      if (!(next in deps)) continue;
      const s = state.get(next);
      if (s === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join(',');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of Object.keys(deps)) if (!state.has(node)) visit(node);
  return cycles;
}

/**
 * Start order for `names` (all services when omitted): dependencies before dependants, ties in
 * declaration order. With `withDependencies`, missing dependencies are pulled in.
 */
export function startOrder(deps: DependencyMap, names?: readonly string[], withDependencies = false): string[] {
  const wanted = new Set(names ?? Object.keys(deps));
  if (withDependencies) {
    const add = (n: string): void => {
      for (const d of deps[n] ?? []) if (d in deps && !wanted.has(d)) { wanted.add(d); add(d); }
    };
    [...wanted].forEach(add);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  // Walk through unwanted services too, so transitive order holds (web → api → store).
  const place = (n: string, guard: Set<string>): void => {
    if (placed.has(n) || guard.has(n)) return;
    guard.add(n);
    for (const d of deps[n] ?? []) if (d in deps) place(d, guard);
    placed.add(n);
    if (wanted.has(n)) order.push(n);
  };
  for (const n of Object.keys(deps)) if (wanted.has(n)) place(n, new Set());
  return order;
}

/** Stop order: the reverse of the start order. */
export function stopOrder(deps: DependencyMap, names?: readonly string[]): string[] {
  return startOrder(deps, names).reverse();
}

/** Services that depend on `name`, directly or through others. */
export function dependantsOf(deps: DependencyMap, name: string): string[] {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [svc, list] of Object.entries(deps)) {
      if (out.has(svc)) continue;
      if (list.some((d) => d === name || out.has(d))) { out.add(svc); grew = true; }
    }
  }
  return [...out];
}

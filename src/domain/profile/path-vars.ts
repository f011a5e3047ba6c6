// Vars that hold paths: a relative one means "relative to the ops dir", whatever directory a
// step, a script after its `cd`, or a service happens to run in. So they are made absolute
// once, when the profile is loaded, and every step kind, every service and every
// OPSDECK_VAR_* sees the same absolute path.

/** A var is a path when its value starts with ./ or ../, or its name ends in _dir, _path or _file. */
export function isPathVar(name: string, value: string): boolean {
  if (value.startsWith('./') || value.startsWith('../')) return true;
  if (!/(^|_)(dir|path|file)$/i.test(name)) return false;
  // Not a path relative to here: empty, absolute, home-relative, a URL, a template.
  return value !== '' && !value.startsWith('/') && !value.startsWith('~') && !value.includes('://') && !value.includes('{{');
}

/** The vars with every relative path var made absolute by `absolute` (the ops dir's resolve). */
export function resolvePathVars(vars: Readonly<Record<string, string>>, absolute: (relative: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) out[name] = isPathVar(name, value) ? absolute(value) : value;
  return out;
}

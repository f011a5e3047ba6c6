// A `process` service's environment is what the profile declares, the same whoever starts it:
// a few basics from opsdeck's own environment (so programs are found and behave as in a
// login shell), the names the profile lists in inherit_env, its env_file, then its env.
// Nothing else of the starter's environment leaks in.

/** Always passed through: where programs are, who and where the user is, locale, time zone. */
export const BASE_ENV_NAMES = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR'] as const;

export interface ServiceEnvParts {
  /** The starter's environment (opsdeck's own). */
  own: Readonly<Record<string, string | undefined>>;
  inheritEnv: readonly string[];
  /** Values read from the env_file, if any. */
  fromFile: Readonly<Record<string, string>>;
  /** The profile's `env`, templates expanded. */
  declared: Readonly<Record<string, string>>;
  /** Set by opsdeck itself (OPSDECK_SERVICE, …): last, nothing overrides them. */
  opsdeck: Readonly<Record<string, string>>;
}

export interface ServiceEnv {
  env: Record<string, string>;
  /** inherit_env names not set in the starter's environment: the start must be refused. */
  missing: string[];
}

export function composeServiceEnv(p: ServiceEnvParts): ServiceEnv {
  const env: Record<string, string> = {};
  for (const name of BASE_ENV_NAMES) if (p.own[name] !== undefined) env[name] = p.own[name]!;
  const missing: string[] = [];
  for (const name of p.inheritEnv) {
    if (p.own[name] === undefined) missing.push(name);
    else env[name] = p.own[name]!;
  }
  Object.assign(env, p.fromFile, p.declared, p.opsdeck);
  return { env, missing };
}

/** Where each name a service gets comes from, for the service screen: names only, never values. */
export interface ServiceEnvNames {
  declared: string[];
  fromFile: string[];
  inherited: string[];
  base: readonly string[];
}

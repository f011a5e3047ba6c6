// The one place that decides what an action needs in an environment: nothing, a y/N (default
// No), the environment's name typed (plus a change reference when a run starts), or nothing at
// all because the console is read-only. Runner, service actions, TUI and headless all ask this
// function, then ask the operator through the same Confirmer port.

/** What the operator must give before the action goes ahead. */
export type Requirement =
  | { kind: 'none'; changeRef: boolean }
  | { kind: 'confirm'; changeRef: boolean }
  | { kind: 'typed'; expected: string; changeRef: boolean }
  | { kind: 'refused'; reason: string; changeRef: false };

export interface PolicyAction {
  /** Changes something (start/stop/restart, a mutating run, a runbook step that acts). */
  dangerous: boolean;
  /** The action's own ask, e.g. a step's `confirm:` (a dangerous action asks at least y/N). @default 'confirm' when dangerous */
  confirm?: 'none' | 'confirm' | 'typed';
  /** Starting a run: a protected environment also asks for a change reference. */
  startsRun?: boolean;
  /** What it is, for the refusal message ("restart api", "run deploy"). */
  label?: string;
}

export interface PolicyEnvironment {
  name: string;
  protected: boolean;
  /** `readonly: true` in the profile. */
  readonly?: boolean;
}

export interface PolicySession {
  /** `--readonly` or OPSDECK_READONLY=1. */
  readonly?: boolean;
  /** `:write` was confirmed in this console (lasts its lifetime). */
  escalated?: boolean;
}

/** Why this session is read-only in `env`, or undefined when it may change things. */
export function readOnlyReason(env: PolicyEnvironment, session: PolicySession = {}): string | undefined {
  if (session.escalated) return undefined;
  if (session.readonly) return 'read-only mode (--readonly / OPSDECK_READONLY=1)';
  if (env.readonly) return `environment ${env.name} is read-only (readonly: true in the profile)`;
  return undefined;
}

export function requirementFor(action: PolicyAction, env: PolicyEnvironment, session: PolicySession = {}): Requirement {
  if (action.dangerous) {
    const ro = readOnlyReason(env, session);
    if (ro) return { kind: 'refused', reason: `read-only: ${action.label ? `${action.label} refused; ` : ''}${ro}`, changeRef: false };
  }
  // A protected run records why it changes things: a change reference, asked once at the start.
  const changeRef = !!action.startsRun && action.dangerous && env.protected;
  const own = action.confirm ?? (action.dangerous && !action.startsRun ? 'confirm' : 'none');
  if (own === 'none') return { kind: 'none', changeRef };
  // In a protected environment every confirmation is typed: the operator types its name.
  if (own === 'typed' || env.protected) return { kind: 'typed', expected: env.name, changeRef };
  return { kind: 'confirm', changeRef };
}

/** The level a Confirmer request carries for a requirement ('none' asks nothing). */
export function confirmLevelOf(r: Requirement): 'none' | 'confirm' | 'typed' {
  return r.kind === 'typed' ? 'typed' : r.kind === 'confirm' ? 'confirm' : 'none';
}

/** One line for the audit log: what was asked. */
export function askedText(r: Requirement): string {
  switch (r.kind) {
    case 'none':
      return r.changeRef ? 'change reference' : 'nothing asked';
    case 'confirm':
      return `y/N${r.changeRef ? ' + change reference' : ''}`;
    case 'typed':
      return `typed "${r.expected}"${r.changeRef ? ' + change reference' : ''}`;
    case 'refused':
      return `refused (${r.reason})`;
  }
}

/** The wrong typed names given before the answer, as the audit says them (runner and service actions alike). */
export function refusedText(refused: readonly string[] | undefined): string {
  return refused?.length ? ` (after refusing ${refused.map((r) => (r.startsWith('"') ? r : `"${r}"`)).join(', ')}: asked again)` : '';
}

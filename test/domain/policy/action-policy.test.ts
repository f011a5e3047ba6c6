// The one safety policy, table-driven: what an action needs from its `dangerous` flag, its own
// ask, and the environment (protected, readonly) and session (read-only flag, :write escalation).
import { describe, expect, it } from 'vitest';
import { askedText, requirementFor, type PolicyAction, type PolicyEnvironment, type PolicySession } from '../../../src/domain/policy/action-policy.js';

const local: PolicyEnvironment = { name: 'local', protected: false };
const prod: PolicyEnvironment = { name: 'production', protected: true };
const roEnv: PolicyEnvironment = { name: 'production', protected: true, readonly: true };

const cases: [string, PolicyAction, PolicyEnvironment, PolicySession, string][] = [
  ['a read-only action needs nothing', { dangerous: false }, prod, { readonly: true }, 'nothing asked'],
  ['a service action asks y/N', { dangerous: true }, local, {}, 'y/N'],
  ['a service action in a protected env asks the typed name', { dangerous: true }, prod, {}, 'typed "production"'],
  ['a step without confirm asks nothing, even protected', { dangerous: true, confirm: 'none' }, prod, {}, 'nothing asked'],
  ['a confirm: true step is typed when protected', { dangerous: true, confirm: 'confirm' }, prod, {}, 'typed "production"'],
  ['a confirm: typed step is typed anywhere', { dangerous: true, confirm: 'typed' }, local, {}, 'typed "local"'],
  ['a manual step asks y/N', { dangerous: false, confirm: 'confirm' }, local, {}, 'y/N'],
  ['starting a mutating run in a protected env needs a change reference', { dangerous: true, startsRun: true }, prod, {}, 'change reference'],
  ['starting a dry run needs no change reference', { dangerous: false, startsRun: true }, prod, {}, 'nothing asked'],
  ['--readonly refuses a dangerous action', { dangerous: true, label: 'restart api' }, local, { readonly: true }, 'refused (read-only: restart api refused; read-only mode (--readonly / OPSDECK_READONLY=1))'],
  ['readonly: true refuses in that environment', { dangerous: true }, roEnv, {}, 'refused (read-only: environment production is read-only (readonly: true in the profile))'],
  [':write lifts read-only; protected still typed', { dangerous: true }, roEnv, { readonly: true, escalated: true }, 'typed "production"'],
];

describe('requirementFor', () => {
  for (const [what, action, env, session, expected] of cases) {
    it(what, () => expect(askedText(requirementFor(action, env, session))).toBe(expected));
  }
});

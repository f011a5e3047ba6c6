// Headless commands that change something ask the one policy first: in read-only mode (--readonly,
// OPSDECK_READONLY=1, or the environment's readonly: true) they exit 2 saying read-only.
import { UsageError } from '../domain/errors.js';
import { requirementFor, type PolicyEnvironment } from '../domain/policy/action-policy.js';
import { readOnlyRequested, type GlobalValues } from './cli-args.js';

const HINT = 'nothing was done; `opsdeck status`, `opsdeck logs`, `opsdeck history` and `opsdeck attach --watch` work in read-only mode';

/** Throws (exit 2) when `label` (e.g. "unlock production") may not run in this session. */
export function refuseIfReadOnly(label: string, env: PolicyEnvironment, values: GlobalValues, hint = HINT): void {
  const r = requirementFor({ dangerous: true, label }, env, { readonly: readOnlyRequested(values) });
  if (r.kind === 'refused') throw new UsageError(r.reason, hint);
}

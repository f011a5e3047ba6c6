// Headless commands that change something ask the one policy first: in read-only mode (--readonly,
// OPSDECK_READONLY=1, or the environment's readonly: true) they exit 2 saying read-only.
import { UsageError } from '../domain/errors.js';
import { requirementFor, type PolicyEnvironment } from '../domain/policy/action-policy.js';
import { readOnlyRequested, type GlobalValues } from './cli-args.js';
import { selectProfile } from '../adapters/fs/profile-loader.js';
import type { RunRequest } from '../services/runs/run-request.js';

const HINT = 'nothing was done; `opsdeck status`, `opsdeck logs`, `opsdeck history` and `opsdeck attach --watch` work in read-only mode';

/** Throws (exit 2) when `label` (e.g. "unlock production") may not run in this session. */
export function refuseIfReadOnly(label: string, env: PolicyEnvironment, values: GlobalValues, hint = HINT): void {
  const r = requirementFor({ dangerous: true, label }, env, { readonly: readOnlyRequested(values) });
  if (r.kind === 'refused') throw new UsageError(r.reason, hint);
}

/** A run's environment as the policy sees it (its profile now; when that cannot be loaded, only the session's own mode applies). */
export function runEnvironment(request: Pick<RunRequest, 'opsDir' | 'profile' | 'environment'>): PolicyEnvironment {
  try {
    const env = selectProfile(request.opsDir, request.profile).environments[request.environment];
    if (env) return env;
  } catch {
    // the profile cannot be loaded now
  }
  return { name: request.environment, protected: false };
}

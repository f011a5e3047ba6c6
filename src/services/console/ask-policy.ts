// Asks the operator what the safety policy requires, through the one Confirmer port, and says
// in one line what was asked and what was answered (for the audit log). Used by the console's
// service actions and `:write`, and by the CLI's start/stop/restart.
import { OperatorUnavailable, type Confirmer } from '../../ports/confirmer.js';
import { askedText, refusedText, type Requirement } from '../../domain/policy/action-policy.js';
import type { ConfirmPurpose } from '../../domain/runbook/run-events.js';

export interface PolicyQuestion {
  requirement: Requirement;
  purpose: Extract<ConfirmPurpose, 'service' | 'write'>;
  environment: string;
  /** The environment is protected (the console says so beside a typed name). */
  protected?: boolean;
  /** One line: what is asked ("restart api in production?"). */
  prompt: string;
  /** The equivalent command, shown beside the question. */
  command?: string;
}

export interface PolicyAnswer {
  ok: boolean;
  /** For the audit log: "asked typed "prod"; answered "prod" via console by ann@h". */
  record: string;
  /** Why not (refused, declined, nobody to ask). */
  reason?: string;
}

let seq = 0;

export async function askPolicy(q: PolicyQuestion, confirmer: Confirmer | undefined, signal?: AbortSignal): Promise<PolicyAnswer> {
  const r = q.requirement;
  const asked = `asked ${askedText(r)}`;
  if (r.kind === 'refused') return { ok: false, record: asked, reason: r.reason };
  if (r.kind === 'none') return { ok: true, record: asked };
  if (!confirmer) return { ok: false, record: `${asked}; nobody to answer`, reason: 'nobody can answer the confirmation here' };
  const typed = r.kind === 'typed';
  try {
    const a = await confirmer.ask({
      id: `${q.purpose}-${++seq}`, runId: '', purpose: q.purpose, level: typed ? 'typed' : 'confirm', expected: typed ? r.expected : undefined,
      environment: q.environment, protected: q.protected === true, prompt: q.prompt, command: q.command, choices: ['no', 'yes'], defaultChoice: 'no',
    }, signal);
    // The asker checks typed answers, never the confirmer (the runner does the same).
    const ok = a.choice === 'yes' && (!typed || a.typed === r.expected);
    const given = typed ? `"${a.typed ?? ''}"` : a.choice;
    const record = `${asked}; answered ${given}${a.via ? ` via ${a.via}` : ''}${a.by ? ` by ${a.by}` : ''}${refusedText(a.refused)}`;
    return ok ? { ok, record } : { ok, record, reason: typed && a.typed !== undefined && a.typed !== r.expected ? `typed "${a.typed}", expected "${r.expected}"` : 'cancelled' };
  } catch (e) {
    if (e instanceof OperatorUnavailable) return { ok: false, record: `${asked}; nobody to answer`, reason: e.message };
    throw e;
  }
}

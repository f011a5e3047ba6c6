// From a symptom to its runbook. A runbook says which services it is about (`services:`) and
// which symptoms call for it (`triggers:` unhealthy services, log lines matching a pattern).
// For a service (or an incident's services) and their live state, the matching runbooks come
// in this order: those whose trigger has fired (earliest first), then those about the service,
// then the generic incident runbooks. Pure: the caller supplies health and log hits.
import type { LogTrigger, Runbook } from './runbook-model.js';

/** "/timed out/i" → that regex; anything else is plain text, matched case-insensitively. */
export function compileLogMatch(match: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(match);
  if (m) return new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''));
  return new RegExp(match.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

export function logMatchError(match: string): string | undefined {
  try {
    compileLogMatch(match);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

const BAD = new Set(['unhealthy', 'stopped']);

export interface TriggerContext {
  /** The services in question (one service's screen, or an incident's affected services). */
  services: readonly string[];
  /** Current health state per service. */
  health: Readonly<Record<string, string | undefined>>;
  /** Since when each service has been unhealthy/stopped (ms), to order fired triggers. */
  badSince?: Readonly<Record<string, number | undefined>>;
  /** Log triggers that fired: key `${runbook}\0${service}` → when (ms). */
  logHits?: ReadonlyMap<string, number>;
}

export interface RunbookMatch {
  runbook: Runbook;
  /** What fired, in words ("api unhealthy", "api log: /timed out/"), or undefined. */
  fired?: string;
  firedAt?: number;
  why: 'fired' | 'about' | 'incident';
}

export const logHitKey = (runbook: string, service: string): string => `${runbook}\0${service}`;

export function matchRunbooks(runbooks: readonly Runbook[], ctx: TriggerContext, options: { includeIncidentKind?: boolean } = {}): RunbookMatch[] {
  const wanted = new Set(ctx.services);
  const out: RunbookMatch[] = [];
  for (const rb of runbooks) {
    const fired = firedTrigger(rb, ctx, wanted);
    if (fired) out.push({ runbook: rb, why: 'fired', ...fired });
    else if (rb.services.some((s) => wanted.has(s))) out.push({ runbook: rb, why: 'about' });
    else if (options.includeIncidentKind && rb.kind === 'incident') out.push({ runbook: rb, why: 'incident' });
  }
  const rank = { fired: 0, about: 1, incident: 2 } as const;
  return out.sort((a, b) => rank[a.why] - rank[b.why] || (a.firedAt ?? 0) - (b.firedAt ?? 0));
}

function firedTrigger(rb: Runbook, ctx: TriggerContext, wanted: ReadonlySet<string>): { fired: string; firedAt: number } | undefined {
  const hits: { fired: string; firedAt: number }[] = [];
  for (const s of rb.triggers.unhealthy) {
    const state = ctx.health[s];
    if (wanted.has(s) && state && BAD.has(state)) hits.push({ fired: `${s} ${state}`, firedAt: ctx.badSince?.[s] ?? 0 });
  }
  for (const t of rb.triggers.log) {
    const at = ctx.logHits?.get(logHitKey(rb.name, t.service));
    if (wanted.has(t.service) && at !== undefined) hits.push({ fired: `${t.service} log: ${t.match}`, firedAt: at });
  }
  return hits.sort((a, b) => a.firedAt - b.firedAt)[0];
}

/** The log triggers that watch `service`, with their compiled patterns. */
export function logTriggersFor(runbooks: readonly Runbook[], service: string): { runbook: string; trigger: LogTrigger; re: RegExp }[] {
  return runbooks.flatMap((rb) => rb.triggers.log.filter((t) => t.service === service).map((t) => ({ runbook: rb.name, trigger: t, re: compileLogMatch(t.match) })));
}

/** Inputs a matching runbook gets prefilled: those named after the service or the environment. */
export function prefillInputs(rb: Runbook, service: string | undefined, environment: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of rb.inputs) {
    if (service && ['service', 'services', 'svc'].includes(i.name)) out[i.name] = service;
    if (['environment', 'env'].includes(i.name)) out[i.name] = environment;
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../../src/domain/incident/incident-events.js';
import { foldIncident, mergeTimeline, serviceImpact } from '../../../src/domain/incident/incident-fold.js';
import { DEFAULT_SEVERITIES, severityTargets } from '../../../src/domain/incident/severity.js';
import { contactsFrom, DEFAULT_CONTACTS, escalationPlan, escalationsDue } from '../../../src/domain/incident/escalation.js';
import { incidentClock, incidentHeaderText } from '../../../src/domain/incident/incident-clock.js';
import { auditTimeline } from '../../../src/domain/incident/audit-timeline.js';
import { renderPostmortem } from '../../../src/domain/incident/postmortem.js';

const T0 = Date.parse('2026-03-01T03:00:00Z');
const MIN = 60_000;
const by = 'ana@bastion';
const start = (over: Partial<Extract<IncidentEvent, { type: 'start' }>> = {}): IncidentEvent => ({ type: 'start', at: T0, by, id: 'INC-7', profile: 'shop', environment: 'production', severity: 'P1', title: 'api 500s', services: ['api'], ...over });

describe('severity targets', () => {
  it('defaults follow the reference: respond P0 15m … P3 24h, updates P0 15m, P1 30m', () => {
    expect([DEFAULT_SEVERITIES.P0.responseMs, DEFAULT_SEVERITIES.P1.responseMs, DEFAULT_SEVERITIES.P2.responseMs, DEFAULT_SEVERITIES.P3.responseMs]).toEqual([15 * MIN, 30 * MIN, 120 * MIN, 24 * 60 * MIN]);
    expect([DEFAULT_SEVERITIES.P0.updateEveryMs, DEFAULT_SEVERITIES.P1.updateEveryMs]).toEqual([15 * MIN, 30 * MIN]);
  });
  it('the profile overrides field by field', () => {
    const t = severityTargets({ P1: { response: '10m' } });
    expect(t.P1).toMatchObject({ responseMs: 10 * MIN, updateEveryMs: 30 * MIN });
    expect(t.P0).toEqual(DEFAULT_SEVERITIES.P0);
  });
});

describe('escalation', () => {
  it('default path: L2 after 15m for P0 and 1h for P1, L3 after 30m / 2h; P2 stays with L1', () => {
    const p0 = escalationPlan(DEFAULT_CONTACTS, 'P0', T0).map((d) => [d.contact.level, (d.dueAt - T0) / MIN]);
    expect(p0).toEqual([['L1', 0], ['L2', 15], ['L3', 30]]);
    expect(escalationPlan(DEFAULT_CONTACTS, 'P1', T0).map((d) => (d.dueAt - T0) / MIN)).toEqual([0, 60, 120]);
    expect(escalationPlan(DEFAULT_CONTACTS, 'P2', T0).map((d) => d.contact.level)).toEqual(['L1']);
  });
  it('profile contacts with per-severity after:, due only once the threshold passes and only once', () => {
    const contacts = contactsFrom([{ name: 'on-call', reach: 'page #oncall' }, { name: 'Maria', role: 'manager', reach: '+1 555 0100', after: { P0: '10m', P1: '45m' } }]);
    const plan = escalationPlan(contacts, 'P1', T0);
    expect(escalationsDue(plan, new Set(), T0 + 44 * MIN).map((d) => d.contact.level)).toEqual(['L1']);
    expect(escalationsDue(plan, new Set(['L1']), T0 + 45 * MIN).map((d) => [d.contact.level, d.contact.name, d.contact.reach])).toEqual([['L2', 'Maria (manager)', '+1 555 0100']]);
    expect(escalationsDue(plan, new Set(['L1', 'L2']), T0 + 90 * MIN)).toEqual([]);
  });
});

describe('folding an incident', () => {
  const events: IncidentEvent[] = [
    start(),
    { type: 'health', at: T0 + 1000, by, service: 'api', state: 'unhealthy', detail: 'http: status 500' },
    // A second console saw the same change: dropped.
    { type: 'health', at: T0 + 1200, by: 'bob@web-1', service: 'api', state: 'unhealthy' },
    { type: 'note', at: T0 + 2 * MIN, by: 'bob@web-1', text: 'looking at api logs' },
    { type: 'severity', at: T0 + 3 * MIN, by, severity: 'P0' },
    { type: 'commander', at: T0 + 4 * MIN, by, name: 'ana' },
    { type: 'health', at: T0 + 6 * MIN, by, service: 'api', state: 'healthy' },
    // Recorded late but dated at its threshold: sorts into place.
    { type: 'escalation', at: T0 + 15 * MIN, by, level: 'L2', contact: 'engineering manager', severity: 'P0' },
    { type: 'escalation', at: T0 + 15 * MIN, by: 'bob@web-1', level: 'L2', contact: 'engineering manager', severity: 'P0' },
    { type: 'resolve', at: T0 + 20 * MIN, by, summary: 'bad config rolled back' },
  ];

  it('current state, update clock, one entry per health change and escalation, in time order', () => {
    const inc = foldIncident(events)!;
    expect(inc).toMatchObject({ id: 'INC-7', severity: 'P0', commander: 'ana', respondedAt: T0 + 2 * MIN, lastUpdateAt: T0 + 4 * MIN, resolvedAt: T0 + 20 * MIN, summary: 'bad config rolled back' });
    expect(inc.severityChanges).toEqual([{ at: T0 + 3 * MIN, from: 'P1', to: 'P0' }]);
    expect(inc.timeline.map((t) => t.kind)).toEqual(['start', 'health', 'note', 'severity', 'commander', 'health', 'escalation', 'resolve']);
    expect(inc.timeline.map((t) => t.at)).toEqual([...inc.timeline.map((t) => t.at)].sort((a, b) => a - b));
  });

  it('impact per service is computed from the health changes', () => {
    const inc = foldIncident(events)!;
    const impact = serviceImpact(inc, inc.timeline, T0 + 60 * MIN);
    expect(impact).toEqual([{ service: 'api', impactMs: 6 * MIN - 1000, firstBadAt: T0 + 1000, recoveredAt: T0 + 6 * MIN, stillBad: false, worst: 'unhealthy' }]);
  });

  it('a service still bad is counted up to now while open', () => {
    const inc = foldIncident(events.slice(0, 2))!;
    expect(serviceImpact(inc, inc.timeline, T0 + 10 * MIN)[0]).toMatchObject({ impactMs: 10 * MIN - 1000, stillBad: true });
  });

  it('a file without its start event folds to nothing', () => {
    expect(foldIncident(events.slice(1))).toBeUndefined();
  });
});

describe('the header clock', () => {
  const targets = severityTargets(undefined);
  it('elapsed against the response target, then "update due in", then "update OVERDUE"', () => {
    const inc = foldIncident([start()])!;
    const at = (m: number) => incidentHeaderText(inc, incidentClock(inc, targets, DEFAULT_CONTACTS, T0 + m * MIN));
    expect(at(12)).toBe('INC-7 P1 api 500s 12m/30m · update due in 18m');
    expect(at(26)).toBe('INC-7 P1 api 500s 26m/30m · update due in 4m');
    expect(at(31)).toBe('INC-7 P1 api 500s 31m/30m NO RESPONSE · update OVERDUE');
  });
  it('a note restarts the update clock and counts as the response', () => {
    const inc = foldIncident([start(), { type: 'note', at: T0 + 20 * MIN, by, text: 'on it' }])!;
    const c = incidentClock(inc, targets, DEFAULT_CONTACTS, T0 + 31 * MIN);
    expect(incidentHeaderText(inc, c)).toBe('INC-7 P1 api 500s 31m · update due in 19m');
    expect(c.next).toEqual({ level: 'L2', contact: 'engineering manager', inMs: 29 * MIN });
  });
});

describe('audit entries in the timeline', () => {
  const audit = [
    { ts: new Date(T0 - MIN).toISOString(), action: 'service.restart', profile: 'shop', environment: 'production', command: 'restart api', outcome: 'ok', user: 'ana', host: 'b' },
    { ts: new Date(T0 + MIN).toISOString(), action: 'service.restart', profile: 'shop', environment: 'production', command: 'restart api --env production', outcome: 'started', user: 'ana', host: 'b' },
    { ts: new Date(T0 + 2 * MIN).toISOString(), action: 'service.restart', profile: 'shop', environment: 'production', command: 'restart api --env production', outcome: 'ok', user: 'ana', host: 'b' },
    { ts: new Date(T0 + 3 * MIN).toISOString(), action: 'run.start', profile: 'shop', environment: 'production', runbook: 'triage', runId: 'R1', user: 'bob', host: 'w' },
    { ts: new Date(T0 + 3 * MIN).toISOString(), action: 'step.finish', profile: 'shop', environment: 'production', runbook: 'triage', runId: 'R1', step: 'logs', outcome: 'failed', detail: 'exit 2', user: 'bob', host: 'w' },
    { ts: new Date(T0 + 4 * MIN).toISOString(), action: 'run.finish', profile: 'shop', environment: 'staging', runbook: 'triage', runId: 'R2', outcome: 'succeeded' },
    { ts: new Date(T0 + 5 * MIN).toISOString(), action: 'run.finish', profile: 'shop', environment: 'production', runbook: 'triage', runId: 'R1', outcome: 'failed', user: 'bob', host: 'w' },
  ];
  it('picks this environment, inside the window, and words each', () => {
    const t = auditTimeline(audit, { profile: 'shop', environment: 'production', from: T0 });
    expect(t.map((e) => [e.kind, e.text, e.by, !!e.alert])).toEqual([
      ['action', 'restart api --env production: ok', 'ana@b', false],
      ['run', 'runbook triage started (run R1)', 'bob@w', false],
      ['step', 'triage step logs: failed (exit 2)', 'bob@w', true],
      ['run', 'runbook triage failed (run R1)', 'bob@w', true],
    ]);
    const inc = foldIncident([start()])!;
    expect(mergeTimeline(inc.timeline, t).map((e) => e.kind)).toEqual(['start', 'action', 'run', 'step', 'run']);
  });
});

describe('the postmortem draft', () => {
  it('has every section of the blameless template, computed impact, and the recorded timeline', () => {
    const inc = foldIncident([
      start(),
      { type: 'health', at: T0 + 1000, by, service: 'api', state: 'unhealthy' },
      { type: 'health', at: T0 + 1000, by, service: 'store', state: 'degraded' },
      { type: 'health', at: T0 + 61_000, by, service: 'store', state: 'healthy' },
      { type: 'health', at: T0 + 5 * MIN + 1000, by, service: 'api', state: 'healthy' },
      { type: 'resolve', at: T0 + 10 * MIN, by },
    ])!;
    const md = renderPostmortem(inc, inc.timeline, T0 + 11 * MIN);
    for (const h of ['# Incident Post-Mortem: INC-7', '## Summary', '## Impact', '## Timeline', '### Recorded timeline', '## Root Cause Analysis', '### What Happened', '### Why It Happened', '### Contributing Factors', '## Action Items', '## Lessons Learned', '## What Went Well', '## What Could Be Improved']) expect(md).toContain(h);
    expect(md).toContain('- Duration: 10m00s');
    expect(md).toContain('| api | unhealthy | 5m00s | 03:00:01 | 03:05:01 |');
    expect(md).toContain('| store | degraded | 1m00s | 03:00:01 | 03:01:01 |');
    expect(md).toContain('- Impact: api unhealthy for 5m00s; store degraded for 1m00s');
    expect(md).toContain('1. [OWNER] [ACTION] [DUE DATE]');
  });
});

// The postmortem draft: the blameless template of the ops reference (summary, timeline, root
// cause analysis, action items, lessons), filled with what opsdeck recorded and leaving the
// parts only people can write as prompts. The caller masks secrets over the whole text.
import { formatDuration } from '../duration.js';
import type { TimelineEntry } from './incident-events.js';
import { serviceImpact, type Incident } from './incident-fold.js';

const iso = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const prompt = (text: string): string => `_${text}_`;

export function renderPostmortem(inc: Incident, timeline: readonly TimelineEntry[], now: number): string {
  const end = inc.resolvedAt ?? now;
  const impact = serviceImpact(inc, timeline, now);
  const hurt = impact.filter((i) => i.impactMs > 0 || i.stillBad);
  const firstResponse = timeline.find((t) => t.at >= inc.startedAt && (t.kind === 'note' || t.kind === 'commander' || t.kind === 'action' || t.kind === 'run'));
  const fixes = timeline.filter((t) => (t.kind === 'action' || t.kind === 'run') && !t.alert && /: ok|succeeded/.test(t.text));
  const failures = timeline.filter((t) => t.alert && (t.kind === 'step' || t.kind === 'run' || t.kind === 'action'));
  const sevPath = [inc.severityChanges[0]?.from ?? inc.severity, ...inc.severityChanges.map((c) => c.to)].join(' → ');
  const lines: string[] = [
    `# Incident Post-Mortem: ${inc.id} — ${inc.title}`,
    '',
    '> Draft written by opsdeck from the recorded timeline. Blameless: describe what the system and',
    '> the process allowed to happen, not who got it wrong. Replace every _prompt_ before review.',
    '',
    '## Summary',
    `- Date/Time: ${iso(inc.startedAt)} – ${inc.resolvedAt !== undefined ? iso(inc.resolvedAt) : `still open at ${iso(now)}`}`,
    `- Duration: ${formatDuration(end - inc.startedAt)}`,
    `- Impact: ${hurt.length ? hurt.map((i) => `${i.service} ${i.worst} for ${formatDuration(i.impactMs)}`).join('; ') : inc.services.length ? `no health change recorded for ${inc.services.join(', ')}` : 'no affected service recorded'}`,
    `- Severity: ${sevPath}`,
    `- Environment: ${inc.profile} / ${inc.environment}`,
    `- Commander: ${inc.commander ?? prompt('who led the response')}`,
    `- What happened, in one paragraph: ${inc.summary ?? prompt('summary for readers who were not there')}`,
    '',
    '## Impact',
    '',
    '| Service | Worst state | Not healthy for | First bad (UTC) | Recovered (UTC) |',
    '|---|---|---|---|---|',
    ...(impact.length
      ? impact.map((i) => `| ${cell(i.service)} | ${i.worst} | ${formatDuration(i.impactMs)} | ${i.firstBadAt !== undefined ? hhmm(i.firstBadAt) : '-'} | ${i.stillBad ? 'not recovered' : i.recoveredAt !== undefined ? hhmm(i.recoveredAt) : '-'} |`)
      : ['| - | - | - | - | - |']),
    '',
    `Customer impact: ${prompt('who noticed, what they could not do, how many')}`,
    '',
    '## Timeline',
    `- Alert triggered: ${hhmm(inc.startedAt)} (incident started by ${inc.startedBy})`,
    `- Response begun: ${firstResponse ? `${hhmm(firstResponse.at)} — ${cell(firstResponse.text)}` : prompt('when someone started working on it')}`,
    `- Root cause identified: ${prompt('when, and how it was found')}`,
    `- Fix implemented: ${prompt('what fixed it, and when')}${fixes.length ? ` (last successful action recorded: ${hhmm(fixes[fixes.length - 1]!.at)} — ${cell(fixes[fixes.length - 1]!.text)})` : ''}`,
    `- Incident resolved: ${inc.resolvedAt !== undefined ? hhmm(inc.resolvedAt) : 'not yet'}`,
    '',
    '### Recorded timeline (UTC)',
    '',
    '| Time | Who | What |',
    '|---|---|---|',
    ...timeline.map((t) => `| ${hhmm(t.at)} | ${cell(t.by)} | ${t.alert ? '**' : ''}${cell(t.text)}${t.alert ? '**' : ''} |`),
    '',
    '## Root Cause Analysis',
    '### What Happened',
    prompt('the sequence of events in the system, from the timeline above'),
    '',
    '### Why It Happened',
    prompt('ask "why" until you reach something the team can change'),
    '',
    '### Contributing Factors',
    prompt('conditions that made it worse or slower to fix: alerts, tooling, documentation, load'),
    ...(failures.length ? ['', 'Recorded failures to look at:', ...failures.map((f) => `- ${hhmm(f.at)} ${f.text}`)] : []),
    '',
    '## Action Items',
    '1. [OWNER] [ACTION] [DUE DATE]',
    '2. [OWNER] [ACTION] [DUE DATE]',
    ...suggestions(inc, impact, failures).map((s, i) => `${i + 3}. [OWNER] ${s} [DUE DATE]`),
    '',
    '## Lessons Learned',
    prompt('what the team now knows that it did not know before'),
    '',
    '## What Went Well',
    prompt('detection, tooling, runbooks, communication that helped'),
    '',
    '## What Could Be Improved',
    prompt('what slowed the response down'),
    '',
  ];
  return lines.join('\n');
}

function suggestions(inc: Incident, impact: ReturnType<typeof serviceImpact>, failures: readonly TimelineEntry[]): string[] {
  const out: string[] = [];
  for (const i of impact) if (i.impactMs > 0 || i.stillBad) out.push(`Prevent or detect earlier: ${i.service} ${i.worst} for ${formatDuration(i.impactMs)}`);
  if (failures.length) out.push(`Review the ${failures.length} failed step(s)/action(s) listed under Contributing Factors and fix their runbooks`);
  if ([...inc.escalatedLevels].some((l) => l !== 'L1')) out.push('Review why the incident had to escalate beyond the on-call engineer');
  return out;
}

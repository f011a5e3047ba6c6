// `opsdeck incident start|note|severity|assign|resolve|list|show|export`: incidents from the
// shell, the same files the consoles read (a note typed here shows up in every console).
import { EXIT, UsageError } from '../../domain/errors.js';
import { isSeverity, SEVERITIES, type Severity } from '../../domain/incident/incident-events.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { parseCommandArgs } from '../cli-args.js';
import { JSON_OPTION, jsonDocument } from '../json-output.js';
import { loadContext } from '../command-context.js';
import { createIncidentDesk, type IncidentDesk } from '../../services/incidents/incident-desk.js';
import { incidentJson, incidentLines, incidentListLine } from '../incident-text.js';

const HELP = `Usage: opsdeck incident COMMAND [options] [--env E] [--profile NAME]

  start --severity P0..P3 --title "..." [--service SVC]... [--commander NAME]
  note [ID] "what you saw or did"
  severity [ID] P0..P3
  assign [ID] NAME               the incident commander
  resolve [ID] [--summary "..."]
  list [--all] [--json]          open incidents (--all: recent ones too)
  show [ID] [--json]             the timeline: notes, health changes, service actions, runbook
                                 runs and steps recorded while it was open (any console or shell)
  export [ID] [-o FILE]          a blameless postmortem draft (markdown, secrets masked);
                                 default file: ./postmortem-ID.md

ID is INC-N (or N); without it, the one open incident of the profile (and --env, if given).
Severity targets (respond / update every): P0 15m/15m, P1 30m/30m, P2 2h/24h, P3 24h/7d,
overridable under incident.severities in the profile.
Exit 0 done, 2 usage (unknown incident, resolved incident, bad severity).`;

const OPTIONS = {
  severity: { type: 'string' },
  title: { type: 'string' },
  service: { type: 'string', multiple: true },
  commander: { type: 'string' },
  summary: { type: 'string' },
  output: { type: 'string', short: 'o' },
  all: { type: 'boolean' },
  ...JSON_OPTION,
} as const;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('incident', args, OPTIONS);
  const [sub, ...rest] = positionals;
  if (values.help || !sub) {
    process.stdout.write(HELP + '\n');
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const ctx = loadContext(values);
  const desk = createIncidentDesk({ profile: ctx.profile });
  const out = (s: string) => process.stdout.write(s + '\n');
  const envFilter = values.env ?? process.env.OPSDECK_ENV;
  switch (sub) {
    case 'start': {
      const severity = parseSeverity(values.severity ?? 'missing');
      if (!values.title) throw new UsageError('incident start: --title is required', 'opsdeck incident start --severity P1 --title "api returns 500s" --service api');
      const inc = desk.start({ environment: ctx.environment.name, severity, title: values.title, services: values.service ?? [], commander: values.commander });
      const t = desk.targets[severity];
      out(terminalSafe(`${inc.id} started: ${severity} "${inc.title}" in ${inc.environment} — respond within ${minutes(t.responseMs)}, update every ${minutes(t.updateEveryMs)}`));
      return EXIT.ok;
    }
    case 'note': {
      const { id, rest: words } = pickId(desk, rest, envFilter);
      if (!words.length) throw new UsageError('incident note: what should the note say?', 'opsdeck incident note "restarted api, errors stopped"');
      desk.note(id, words.join(' '));
      out(`${id}: note added`);
      return EXIT.ok;
    }
    case 'severity': {
      const { id, rest: words } = pickId(desk, rest, envFilter);
      desk.severity(id, parseSeverity(words[0] ?? 'missing'));
      out(`${id}: severity ${words[0]!.toUpperCase()}`);
      return EXIT.ok;
    }
    case 'assign': {
      const { id, rest: words } = pickId(desk, rest, envFilter);
      if (!words.length) throw new UsageError('incident assign: name the incident commander');
      desk.assign(id, words.join(' '));
      out(terminalSafe(`${id}: commander ${words.join(' ')}`));
      return EXIT.ok;
    }
    case 'resolve': {
      const { id } = pickId(desk, rest, envFilter);
      desk.resolve(id, values.summary);
      out(`${id}: resolved — write the postmortem draft with: opsdeck incident export ${id}`);
      return EXIT.ok;
    }
    case 'list': {
      const list = values.all ? desk.list() : desk.open(envFilter);
      if (values.json) process.stdout.write(jsonDocument({ profile: ctx.profile.name, incidents: list.map((i) => incidentJson(desk, i, false)) }));
      else if (!list.length) out(values.all ? 'no incidents recorded' : 'no open incident (--all lists resolved ones too)');
      else for (const i of list) out(terminalSafe(incidentListLine(desk, i)));
      return EXIT.ok;
    }
    case 'show': {
      const { id } = pickId(desk, rest, envFilter, true);
      const inc = desk.get(id);
      if (values.json) process.stdout.write(jsonDocument(incidentJson(desk, inc, true)));
      else out(incidentLines(desk, inc).map((l) => terminalSafe(l)).join('\n'));
      return EXIT.ok;
    }
    case 'export': {
      const { id } = pickId(desk, rest, envFilter, true);
      const file = desk.exportPostmortem(id, values.output);
      out(terminalSafe(`${id}: postmortem draft written to ${file}`));
      return EXIT.ok;
    }
    default:
      throw new UsageError(`incident: unknown command "${sub}"`, 'see `opsdeck incident --help`');
  }
}

function parseSeverity(s: string): Severity {
  const up = s.toUpperCase();
  if (!isSeverity(up)) throw new UsageError(`incident: severity "${s}" is not one of ${SEVERITIES.join(', ')}`);
  return up;
}

/** The ID given first, or the profile's one open incident. */
function pickId(desk: IncidentDesk, words: string[], environment: string | undefined, anyState = false): { id: string; rest: string[] } {
  if (words[0] && /^(?:inc-)?\d+$/i.test(words[0])) return { id: desk.resolveId(words[0]), rest: words.slice(1) };
  const open = desk.open(environment);
  if (open.length === 1) return { id: open[0]!.id, rest: words };
  if (open.length === 0) {
    const last = anyState ? desk.list()[0] : undefined;
    if (last) return { id: last.id, rest: words };
    throw new UsageError('no open incident', 'start one: opsdeck incident start --severity P1 --title "..."');
  }
  throw new UsageError(`${open.length} incidents are open (${open.map((i) => i.id).join(', ')}): say which one`, `opsdeck incident note ${open[0]!.id} "..."`);
}

const minutes = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / 60_000)}m`);

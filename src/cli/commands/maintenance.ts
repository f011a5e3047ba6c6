// `opsdeck maintenance start --env E --for 30m --reason R` opens an ad-hoc window (audited);
// `opsdeck maintenance status [--env E] [--json]` says whether one is active and when the next is.
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseDuration } from '../../domain/duration.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { parseCommandArgs } from '../cli-args.js';
import { loadContext } from '../command-context.js';
import { JSON_OPTION, jsonDocument, isoAt } from '../json-output.js';
import { refuseIfReadOnly } from '../read-only-guard.js';
import { maintenanceState, startAdHocWindow, windowText } from '../../services/maintenance/maintenance-desk.js';

const HELP = `Usage: opsdeck maintenance start --env E --for 30m --reason "why"
       opsdeck maintenance status [--env E] [--json]

start    opens a maintenance window on E now, for the given duration (recorded in the audit
         log and the state dir; every console on the host shows it). During a window, health
         problems show as "in maintenance", status exits 0 for them, and runbooks with
         require_window: true may run in a protected environment.
status   the active window (time left) or the next one, from the profile's maintenance_windows
         and the ad-hoc ones. Exit 0 in both cases.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('maintenance', args, { for: { type: 'string' }, reason: { type: 'string' }, ...JSON_OPTION });
  const sub = positionals[0];
  if (values.help || !sub) {
    process.stdout.write(HELP + '\n');
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (sub === 'start') {
    if (!values.env) throw new UsageError('maintenance start: --env is required', 'opsdeck maintenance start --env production --for 30m --reason "db upgrade"');
    const ms = values.for === undefined ? undefined : parseDuration(values.for);
    if (ms === undefined) throw new UsageError(`maintenance start: --for ${values.for ?? '(missing)'} is not a duration (e.g. 30m, 2h)`);
    const ctx = loadContext(values);
    // A window lets require_window runbooks run in a protected environment: it changes things.
    refuseIfReadOnly(`maintenance start on ${ctx.environment.name}`, ctx.environment, values);
    const w = startAdHocWindow({ profile: ctx.profile }, ctx.environment, ms, values.reason ?? '');
    process.stdout.write(terminalSafe(`maintenance window open on ${ctx.environment.name} until ${new Date(w.endMs).toISOString()} (recorded in the audit log)`) + '\n');
    return EXIT.ok;
  }
  if (sub === 'status') {
    const ctx = loadContext(values);
    const now = Date.now();
    const s = maintenanceState({ profile: ctx.profile }, ctx.environment.name);
    const occ = (o: typeof s.active) => (o ? { name: o.name, startAt: isoAt(o.startMs), endAt: isoAt(o.endMs), timezone: o.timezone, adHoc: !!o.adHoc, reason: o.reason ?? null } : null);
    if (values.json) process.stdout.write(jsonDocument({ profile: ctx.profile.name, environment: ctx.environment.name, active: occ(s.active), next: occ(s.next) }));
    else process.stdout.write(terminalSafe(`${ctx.environment.name}: ${windowText(s, now) ?? 'no maintenance window active or scheduled'}${s.active?.reason ? ` (${s.active.reason})` : ''}`) + '\n');
    return EXIT.ok;
  }
  throw new UsageError(`maintenance: unknown command "${sub}"`, 'see `opsdeck maintenance --help`');
}

// `opsdeck logs SVC... [--env E] [-f] [--grep RE] [--level L] [--since D] [--tail N] [--json]`:
// the same sources and pipeline as the viewer, printed for pipes. Never imports Ink.
import { writeSafe } from '../safe-write.js';
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { JSON_OPTION } from '../json-output.js';
import { loadContext, useColor } from '../command-context.js';
import { unknownNameMessage } from '../../domain/did-you-mean.js';
import { createRedactor, secretValuesFrom } from '../../domain/text/redaction.js';
import { parseDuration } from '../../domain/duration.js';
import { atLeast, linePrefix, parseLevelName, prefixWidthOf, type LogLevel, type LogLine } from '../../domain/logs/log-line.js';
import { serviceLogSources } from '../../adapters/logs/service-log-sources.js';
import { createLogStore } from '../../state/log-store.js';
import { LogTailer } from '../../services/logs/log-tailer.js';
import { LinePrinter } from './logs-printer.js';
import { invalidRegexMessage } from '../../domain/regex-error.js';

const HELP = `Usage: opsdeck logs [SVC...] [--env E] [-f] [--grep RE] [--level L] [--since D] [--tail N] [--json]

Prints the logs of the given services (all services when none is given): a process service's
output, a docker service's container output, and the profile's \`logs:\` files and commands.
Secrets are masked.

  -f, --follow     keep following (Ctrl-C to stop); without it, print the history and exit
  --grep RE        only lines matching the regular expression (case-insensitive)
  --level L        only lines at this level or above: trace, debug, info, warn, error, fatal
  --since D        only lines newer than D (10m, 2h, 90s); lines without a time inherit the previous one's
  --tail N         lines of history per source (default 100, with --grep/--level/--since 10000; 0 = none)
  --json           one JSON object per line:
                   {"version":1,"seq","service","source","loggedAt"(ISO|null),"level"(|null),"stream"(|null),"text"}

Several services are merged in arrival order (history sorted by time) with a "service | " prefix.
Colour only on a terminal and without NO_COLOR. Exit 0; 2 for a usage or config error.`;

/** Without -f, command sources (often long-running) are stopped after this long. */
const HISTORY_DEADLINE_MS = 5000;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('logs', args, {
    ...JSON_OPTION,
    follow: { type: 'boolean', short: 'f' },
    grep: { type: 'string' },
    level: { type: 'string' },
    since: { type: 'string' },
    tail: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const ctx = loadContext(values);
  const names = Object.keys(ctx.profile.services);
  for (const p of positionals) {
    if (!ctx.profile.services[p]) {
      throw new UsageError(unknownNameMessage({ kind: 'service', name: p, where: `profile ${ctx.profile.name}`, candidates: names, listLabel: 'services' }));
    }
  }
  const services = positionals.length ? [...new Set(positionals)] : names;
  const grep = compileGrep(values.grep);
  const minLevel = parseLevelOption(values.level);
  const sinceMs = parseSince(values.since);
  const follow = !!values.follow;
  // A filter searches much further back than a plain read shows, and says how far it looked.
  const filtered = !!grep || minLevel !== undefined || sinceMs !== undefined;
  const tail = values.tail !== undefined ? parseTail(values.tail) : filtered ? FILTERED_TAIL : DEFAULT_TAIL;
  if (filtered && !follow) writeSafe(process.stderr, `opsdeck: searched the last ${tail} lines of each log source${values.tail === undefined ? ' (--tail N to search more or fewer)' : ''}\n`);

  const redactor = createRedactor(secretValuesFrom(ctx.profile.secrets, process.env));
  const sources = services.flatMap((name) => serviceLogSources(ctx.profile, ctx.environment.name, ctx.profile.services[name]!, { follow, tail, sinceMs }));
  const out = process.stdout;
  const printer = new LinePrinter(out, { json: !!values.json, color: useColor(out), prefixWidth: prefixWidthOf(sources.map(linePrefix)) });
  const lastTs = new Map<string, number>();
  const keep = (l: LogLine): boolean => {
    // Continuation lines (stack traces) carry no time: they inherit the previous line's.
    const ts = l.ts ?? lastTs.get(l.source);
    if (l.ts !== undefined) lastTs.set(l.source, l.ts);
    if (sinceMs !== undefined && ts !== undefined && ts < sinceMs) return false;
    return atLeast(l.level, minLevel) && (!grep || grep.test(l.text));
  };

  const abort = new AbortController();
  const store = createLogStore(Math.max(1, tail));
  const history: LogLine[] = [];
  return new Promise<number>((resolve) => {
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      abort.abort();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      clearTimeout(deadline);
      if (!follow && !printer.broken) printer.write(history.sort(byTime));
      printer.end().then(() => resolve(code));
    };
    const onSignal = () => finish(EXIT.ok);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // `opsdeck logs -f | head -1`: the reader went away; that is a normal end.
    printer.onBroken = () => finish(EXIT.ok);
    const deadline = follow ? undefined : setTimeout(() => finish(EXIT.ok), HISTORY_DEADLINE_MS);
    const seenErrors = new Map<string, string | undefined>();
    store.subscribe((s) => {
      for (const src of Object.values(s.sources)) {
        if (src.error && seenErrors.get(src.id) !== src.error) {
          seenErrors.set(src.id, src.error);
          writeSafe(process.stderr, `opsdeck: ${src.service} (${src.id}): ${src.error}\n`);
        }
      }
    });
    const tailer = new LogTailer({
      store,
      redactor,
      onLines: (lines) => {
        const kept = lines.filter(keep);
        if (follow) printer.write(kept);
        else for (const l of kept) history.push(l);
      },
      onAllEnded: follow ? undefined : () => finish(EXIT.ok),
    });
    tailer.start(sources, abort.signal);
  });
}

function byTime(a: LogLine, b: LogLine): number {
  if (a.source === b.source || a.ts === undefined || b.ts === undefined) return a.seq - b.seq;
  return a.ts - b.ts || a.seq - b.seq;
}

function compileGrep(re: string | undefined): RegExp | undefined {
  if (re === undefined || re === '') return undefined;
  const error = invalidRegexMessage(re, 'i');
  if (error) throw new UsageError(`logs: --grep: ${error}`);
  return new RegExp(re, 'i');
}

function parseLevelOption(v: string | undefined): LogLevel | undefined {
  if (v === undefined) return undefined;
  const l = parseLevelName(v);
  if (!l) throw new UsageError(`logs: --level: unknown level ${JSON.stringify(v)}`, 'use one of trace, debug, info, warn, error, fatal');
  return l;
}

function parseSince(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = parseDuration(v);
  if (ms === undefined) throw new UsageError(`logs: --since: not a duration: ${JSON.stringify(v)}`, 'for example 30s, 10m, 2h');
  return Date.now() - ms;
}

const DEFAULT_TAIL = 100;
const FILTERED_TAIL = 10_000;

function parseTail(v: string | undefined): number {
  if (v === undefined) return DEFAULT_TAIL;
  if (!/^\d+$/.test(v)) throw new UsageError(`logs: --tail: not a line count: ${JSON.stringify(v)}`);
  return Number(v);
}

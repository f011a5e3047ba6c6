// Incident intents shared by the CLI and the console: start, note, severity, commander,
// resolve, read, export. Every write is one appended event (any process, any time); every read
// brings the files up to date (incident-reader.ts parses only what was appended since the last
// read), so all consoles and shells on the host agree. Text a person typed is masked before
// it is stored (when this process has the secret's value), and everything read back is masked
// again by the reader (a note stored by a shell that lacked the value) — every read path goes
// through incident-reader.ts. The clock is injected.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Profile } from '../../domain/profile/profile-model.js';
import { UsageError } from '../../domain/errors.js';
import { createRedactor, secretValuesFrom, type Redactor } from '../../domain/text/redaction.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';
import type { IncidentEvent, Severity, TimelineEntry } from '../../domain/incident/incident-events.js';
import type { Incident } from '../../domain/incident/incident-fold.js';
import { severityTargets, type SeverityTargets } from '../../domain/incident/severity.js';
import { contactsFrom, escalationPlan, escalationsDue, type Contact } from '../../domain/incident/escalation.js';
import { incidentClock, type IncidentClock } from '../../domain/incident/incident-clock.js';
import { renderPostmortem } from '../../domain/incident/postmortem.js';
import { appendIncidentEvent, createIncident, incidentFile, listIncidentIds } from '../../adapters/fs/incident-store.js';
import { createIncidentReader } from './incident-reader.js';
import { withFileMutex } from '../../adapters/fs/file-mutex.js';
import { healthToRecord, type HealthObservation } from '../../domain/incident/health-record.js';
import { currentOperator } from '../../adapters/system/process-identity.js';

export interface IncidentDeskOptions {
  profile: Profile;
  env?: NodeJS.ProcessEnv;
  /** @default Date.now */
  now?: () => number;
  /** user@host recorded with each event. @default the current operator */
  by?: string;
}

export interface StartRequest {
  environment: string;
  severity: Severity;
  title: string;
  services: readonly string[];
  commander?: string;
}

export interface IncidentDesk {
  readonly targets: Record<Severity, SeverityTargets>;
  readonly contacts: readonly Contact[];
  readonly redactor: Redactor;
  start(req: StartRequest): Incident;
  note(id: string, text: string): void;
  severity(id: string, severity: Severity): void;
  assign(id: string, name: string): void;
  resolve(id: string, summary?: string): void;
  /**
   * What a process observed of the services' health, recorded in every open incident of
   * `environment` it concerns (affected services and their dependencies) where it differs from
   * the last recorded state. The check and the append happen under the incident's lock: several
   * processes seeing the same change record it once. Returns how many entries were appended.
   */
  recordHealthChanges(environment: string, observed: readonly HealthObservation[]): number;
  /** The incident, with escalation thresholds passed by now recorded first. Throws UsageError on an unknown id. */
  get(id: string): Incident;
  /** This profile's incidents, newest first. */
  list(): Incident[];
  /** Open incidents of this profile (optionally of one environment), most severe first. */
  open(environment?: string): Incident[];
  /** The incident's own entries merged with what the audit log recorded while it was open. */
  timeline(inc: Incident): TimelineEntry[];
  clock(inc: Incident): IncidentClock;
  /** Appends escalation hints whose threshold has passed; returns those it appended. */
  catchUpEscalations(inc: Incident): IncidentEvent[];
  /** The postmortem draft (markdown), every secret masked. */
  postmortem(id: string): string;
  /** Writes the postmortem draft (0600) to `file` (default ./postmortem-ID.md); returns the absolute path. */
  exportPostmortem(id: string, file?: string): string;
  /** "INC-3", "inc-3" or "3" → "INC-3" (unknown ids throw a UsageError naming the known ones). */
  resolveId(ref: string): string;
}

export function createIncidentDesk(o: IncidentDeskOptions): IncidentDesk {
  const env = o.env ?? process.env;
  const now = o.now ?? Date.now;
  const by = o.by ?? (() => {
    const w = currentOperator(env);
    return `${w.user}@${w.host}`;
  })();
  const redactor = createRedactor(secretValuesFrom(o.profile.secrets, env));
  const targets = severityTargets(o.profile.incident?.severities);
  const contacts = contactsFrom(o.profile.incident?.contacts);
  const mask = (s: string) => redactor.redact(s);

  const append = (id: string, e: IncidentEvent) => appendIncidentEvent(id, e, env);
  const reader = createIncidentReader(env, mask);
  const load = (id: string): Incident | undefined => reader.load(id);
  const requireOpen = (id: string): Incident => {
    const inc = desk.get(id);
    if (inc.resolvedAt !== undefined) throw new UsageError(`${id} is resolved (${new Date(inc.resolvedAt).toISOString()}); start a new incident instead`);
    return inc;
  };

  const desk: IncidentDesk = {
    targets,
    contacts,
    redactor,
    start(req) {
      const unknown = req.services.filter((s) => !(s in o.profile.services));
      if (unknown.length) throw new UsageError(`no service ${unknown.map((s) => `"${s}"`).join(', ')} in profile ${o.profile.name}; services: ${Object.keys(o.profile.services).join(', ')}`);
      const title = mask(req.title.trim());
      if (!title) throw new UsageError('an incident needs a title (what is broken, as the page said it)');
      const id = createIncident({ type: 'start', at: now(), by, profile: o.profile.name, environment: req.environment, severity: req.severity, title, services: [...new Set(req.services)], ...(req.commander ? { commander: mask(req.commander) } : {}) }, env);
      const inc = desk.get(id);
      return inc;
    },
    note(id, text) {
      requireOpen(id);
      const t = mask(text.trim());
      if (!t) throw new UsageError('an empty note says nothing: write what you saw or did');
      append(id, { type: 'note', at: now(), by, text: t });
    },
    severity(id, severity) {
      requireOpen(id);
      append(id, { type: 'severity', at: now(), by, severity });
    },
    assign(id, name) {
      requireOpen(id);
      append(id, { type: 'commander', at: now(), by, name: mask(name.trim()) });
    },
    resolve(id, summary) {
      requireOpen(id);
      append(id, { type: 'resolve', at: now(), by, ...(summary?.trim() ? { summary: mask(summary.trim()) } : {}) });
    },
    recordHealthChanges(environment, observed) {
      let appended = 0;
      for (const open of desk.open(environment)) {
        if (healthToRecord(o.profile, open, observed).length === 0) continue;
        withFileMutex(`${incidentFile(open.id, env)}.lock`, () => {
          // Read again under the lock: another process may have just recorded the same change.
          const inc = load(open.id);
          if (!inc) return;
          for (const h of healthToRecord(o.profile, inc, observed)) {
            append(inc.id, { type: 'health', at: h.at, by, service: h.service, state: h.state, ...(h.detail ? { detail: mask(h.detail) } : {}) });
            appended++;
          }
        });
      }
      return appended;
    },
    get(id) {
      const inc = load(id);
      if (!inc) throw new UsageError(`no incident ${id}${existsSync(incidentFile(id, env)) ? ' (its file is damaged: no start event)' : ''}`, 'list them with `opsdeck incident list`');
      if (inc.resolvedAt === undefined && desk.catchUpEscalations(inc).length) return load(id)!;
      return inc;
    },
    list() {
      return listIncidentIds(env)
        .reverse()
        .map((id) => load(id))
        .filter((i): i is Incident => !!i && i.profile === o.profile.name);
    },
    open(environment) {
      const rank = (s: Severity) => Number(s.slice(1));
      return desk
        .list()
        .filter((i) => i.resolvedAt === undefined && (environment === undefined || i.environment === environment))
        .sort((a, b) => rank(a.severity) - rank(b.severity) || b.startedAt - a.startedAt);
    },
    timeline: (inc) => reader.timeline(inc),
    clock: (inc) => incidentClock(inc, targets, contacts, now()),
    catchUpEscalations(inc) {
      if (inc.resolvedAt !== undefined) return [];
      const due = escalationsDue(escalationPlan(contacts, inc.severity, inc.startedAt), inc.escalatedLevels, now());
      const events: IncidentEvent[] = due.map((d) => ({ type: 'escalation', at: d.dueAt, by, level: d.contact.level, contact: d.contact.name, ...(d.contact.reach ? { reach: d.contact.reach } : {}), severity: inc.severity }));
      for (const e of events) append(inc.id, e);
      return events;
    },
    postmortem(id) {
      const inc = desk.get(id);
      // The draft is cat'ed and pasted: titles, notes and summaries show their controls, never send them.
      // What it quotes was masked by the reader; this pass covers only the draft's own wording.
      return terminalSafe(mask(renderPostmortem(inc, desk.timeline(inc), now())), { mode: 'multiline', tabWidth: false });
    },
    exportPostmortem(id, file) {
      const path = resolvePath(file ?? `postmortem-${id}.md`);
      writeFileSync(path, desk.postmortem(id), { mode: 0o600 });
      return path;
    },
    resolveId(ref) {
      const m = /^(?:inc-)?(\d+)$/i.exec(ref.trim());
      const id = m ? `INC-${Number(m[1])}` : ref;
      if (!existsSync(incidentFile(id, env))) {
        const known = desk.list().slice(0, 5).map((i) => i.id);
        throw new UsageError(`no incident "${ref}"${known.length ? `; recent: ${known.join(', ')}` : ' (none recorded yet)'}`, 'list them with `opsdeck incident list`');
      }
      return id;
    },
  };
  return desk;
}

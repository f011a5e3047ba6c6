// The profile file format (profiles/NAME.yaml) as a zod schema: the single source for
// validation, the TypeScript types and the JSON Schema shipped for editors.
import { z } from 'zod';
import { parseDuration } from '../duration.js';
import { lazily } from '../lazily.js';

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function buildProfileSchemas() {
  const name = () => z.string().regex(NAME_PATTERN, 'must be letters, digits, "-", "_" or "." and start with a letter or digit');

  /** A duration such as "500ms", "2s", "1m30s"; a bare number is seconds. */
  const durationSchema = z
    .union([z.string(), z.number()])
    .refine((v) => parseDuration(v) !== undefined, { message: 'not a duration (use e.g. 500ms, 2s, 1m30s, 2h)' })
    .meta({ description: 'duration: 500ms, 2s, 1m30s, 2h; a bare number is seconds' });

  const argv = z.array(z.string()).min(1, 'needs at least the program name');
  const stringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

  const httpCheck = z.strictObject({
    url: z.string().min(1),
    method: z.enum(['GET', 'HEAD', 'POST']).optional(),
    status: z.union([z.number().int(), z.array(z.number().int())]).optional().meta({ description: 'expected status (default: any 2xx or 3xx)' }),
    body_contains: z.string().optional(),
    body_regex: z.string().optional(),
    json: z.strictObject({ path: z.string().min(1), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).optional(),
    max_latency: durationSchema.optional().meta({ description: 'slower answers make the service degraded' }),
    headers: z.record(z.string(), z.string()).optional(),
  });

  const tcpCheck = z.strictObject({ host: z.string().min(1).default('127.0.0.1'), port: z.union([z.number().int().min(1).max(65535), z.string()]) });

  const checkTiming = {
    name: z.string().optional(),
    interval: durationSchema.optional().meta({ description: 'time between checks (default 5s)' }),
    timeout: durationSchema.optional().meta({ description: 'a check slower than this fails (default 2s)' }),
  };

  /** Hosts by name (one or a list) or by labels ({ role: web }: every host with all of them). */
  const hostSelectorSchema = z
    .union([name(), z.array(name()).min(1), z.record(z.string(), z.string())])
    .meta({ description: 'a host name, a list of host names, or a label selector such as { role: web }' });

  const healthCheckSchema = z.union([
    z.strictObject({ http: httpCheck, ...checkTiming }),
    z.strictObject({ tcp: tcpCheck, ...checkTiming }),
    z.strictObject({
      command: argv,
      cwd: z.string().optional(),
      on: hostSelectorSchema.optional().meta({ description: 'run on these hosts over SSH (default: every host of the service, or this machine)' }),
      ...checkTiming,
    }),
  ]);

  const hostSchema = z.strictObject({
    ssh: z.string().min(1).regex(/^[^-\s]/, 'an ssh destination: an alias from ~/.ssh/config, user@host or ssh://user@host:port').meta({ description: 'ssh destination: an alias from ~/.ssh/config, user@host, or ssh://user@host:port' }),
    labels: z.record(z.string(), z.string()).default({}),
    docker: z.strictObject({ host: z.string().min(1) }).optional().meta({ description: "this host's Docker engine (default: ssh://<ssh destination>)" }),
  });

  const logSourceSchema = z.union([
    z.strictObject({ file: z.string().min(1), name: z.string().optional() }),
    z.strictObject({ command: argv, name: z.string().optional() }),
  ]);

  const dockerService = z.strictObject({
    container: z.string().optional(),
    project: z.string().optional(),
    service: z.string().optional(),
  });

  const processService = z.strictObject({
    command: argv,
    cwd: z.string().optional(),
    env: stringMap.optional(),
    env_file: z.string().min(1).optional().meta({ description: 'NAME=value lines (dotenv format) for the service, path relative to the ops dir; must be mode 0600 when it holds a declared secret; `env` wins over it' }),
    inherit_env: z.array(z.string()).default([]).meta({ description: "names passed through from opsdeck's own environment; nothing else is inherited (PATH and HOME always are)" }),
    stop_timeout: durationSchema.optional().meta({ description: 'grace period between SIGTERM and SIGKILL (default 5s)' }),
    start_timeout: durationSchema.optional().meta({ description: 'how long to wait for health after a start (default 30s)' }),
  });

  const serviceSchema = z.strictObject({
    description: z.string().optional(),
    owner: z.string().optional(),
    depends_on: z.array(name()).default([]),
    on: hostSelectorSchema.optional().meta({ description: 'the hosts this service runs on (one instance per host); default: this machine' }),
    docker: dockerService.optional(),
    process: processService.optional(),
    health: z.array(healthCheckSchema).default([]),
    logs: z.array(logSourceSchema).default([]),
    rpo: durationSchema.optional().meta({ description: 'recovery point objective: its last successful backup (a kind: backup runbook about it) must be younger' }),
    rto: durationSchema.optional().meta({ description: 'recovery time objective: its last successful restore must have taken less' }),
  });

  const environmentSchema = z.strictObject({
    description: z.string().optional(),
    protected: z.boolean().default(false),
    readonly: z.boolean().default(false).meta({ description: 'read-only by default: nothing that changes anything is offered or accepted; the console may escalate with :write (typed, audited)' }),
    vars: stringMap.default({}),
    requires: z.array(z.string()).default([]),
    renamed: z.record(z.string(), z.string()).default({}),
    deprecated: z.array(z.string()).default([]),
    formats: z.record(z.string(), z.string()).default({}),
    env_file: z.string().min(1).optional().meta({ description: 'NAME=value lines (dotenv format) checked by `opsdeck env check`, path relative to the ops dir' }),
    docker: z.strictObject({ host: z.string().min(1) }).optional(),
    hosts: hostSelectorSchema.optional().meta({ description: 'the hosts of this environment (default: every host of the profile)' }),
    rpo: durationSchema.optional().meta({ description: 'recovery point objective: the last successful backup run (kind: backup) must be younger (e.g. 24h)' }),
    rto: durationSchema.optional().meta({ description: 'recovery time objective: the last successful restore run (the drill) must have taken less (e.g. 1h)' }),
  });

  const severityLevel = z.enum(['P0', 'P1', 'P2', 'P3']);

  const severity = z.strictObject({
    description: z.string().optional(),
    response: durationSchema.optional().meta({ description: 'time to first response (defaults: P0 15m, P1 30m, P2 2h, P3 24h)' }),
    update_every: durationSchema.optional().meta({ description: 'status update cadence (defaults: P0 15m, P1 30m, P2 24h, P3 7d)' }),
    resolve_within: durationSchema.optional().meta({ description: 'resolution target (defaults: P0 1h, P1 4h, P2 24h, P3 7d)' }),
  });

  const incidentSchema = z.strictObject({
    severities: z.partialRecord(severityLevel, severity).optional().meta({ description: 'overrides of the P0–P3 targets, field by field' }),
    contacts: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          level: z.string().optional().meta({ description: 'L1, L2, … (default: by position)' }),
          role: z.string().optional(),
          reach: z.string().optional().meta({ description: 'how to reach them: a phone, a channel, a pager command' }),
          after: z.union([durationSchema, z.partialRecord(severityLevel, durationSchema)]).optional().meta({ description: 'time since the start after which to reach them, one for all or per severity; absent: the first contact at once, the others never' }),
        }),
      )
      .optional()
      .meta({ description: 'the escalation path, L1 first (default: on-call → manager after P0 15m / P1 1h → CTO after P0 30m / P1 2h)' }),
  });

  const maintenanceWindowSchema = z.strictObject({
    name: z.string().optional(),
    environments: z.array(name()).optional().meta({ description: 'where it applies (default: every environment)' }),
    cron: z.string().optional().meta({ description: 'when it starts, a cron expression in the timezone ("0 2 * * SUN"); needs duration' }),
    start: z.string().optional().meta({ description: 'a one-off start: 2026-12-05T22:00 (wall-clock in the timezone) or with Z/an offset' }),
    end: z.string().optional().meta({ description: 'a one-off end (or give duration)' }),
    duration: durationSchema.optional(),
    timezone: z.string().min(1).meta({ description: 'IANA time zone the times are written in: UTC, Europe/Paris…' }),
  });

  const profileSchema = z.strictObject({
    name: name(),
    description: z.string().optional(),
    environments: z.record(name(), environmentSchema.nullable().transform((e) => e ?? environmentSchema.parse({}))),
    secrets: z.array(z.string()).default([]),
    hosts: z.record(name(), hostSchema).default({}),
    services: z.record(name(), serviceSchema),
    incident: incidentSchema.optional(),
    maintenance_windows: z.array(maintenanceWindowSchema).optional(),
  });
  return { durationSchema, profileSchema };
}

type ProfileSchemas = ReturnType<typeof buildProfileSchemas>;

/**
 * Built on first use, not at import: constructing them is ~10 ms of zod on every start, and a
 * start that finds its profile's validated form in the cache (profile-cache.ts) never validates.
 */
export const profileSchemas: () => ProfileSchemas = lazily(buildProfileSchemas);

export type ProfileInput = z.input<ProfileSchemas['profileSchema']>;
export type ProfileFile = z.output<ProfileSchemas['profileSchema']>;

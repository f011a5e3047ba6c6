// The runbook file format (runbooks/NAME.yaml) as a zod schema: validation, types and the JSON
// Schema shipped for editors. Semantic checks (services, inputs, vars) live in validate-runbook.ts.
import { z } from 'zod';
import { NAME_PATTERN, profileSchemas } from '../profile/profile-schema.js';
import { lazily } from '../lazily.js';

export const RUNBOOK_KINDS = ['deploy', 'rollback', 'backup', 'restore', 'incident', 'maintenance', 'other'] as const;
export const STEP_KINDS = ['run', 'shell', 'manual', 'service', 'wait_healthy'] as const;

function buildRunbookSchemas() {
  const { durationSchema } = profileSchemas();
  const name = () => z.string().regex(NAME_PATTERN, 'must be letters, digits, "-", "_" or "." and start with a letter or digit');
  const argv = z.array(z.string()).min(1, 'needs at least the program name');
  const services = z.array(name()).min(1, 'name at least one service');
  const stringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

  const serviceActionSchema = z
    .strictObject({ start: services.optional(), stop: services.optional(), restart: services.optional() })
    .meta({ description: 'exactly one of start, stop, restart: services, through the lifecycle (dependency order)' });

  /** What a step does: exactly one of the kinds, plus where and how long. Also a rollback's shape. */
  const bodyFields = {
    title: z.string().optional(),
    run: argv.optional().meta({ description: 'argv, run without a shell; {{ inputs.x }} / {{ vars.x }} stay inside one argument' }),
    shell: z.string().min(1).optional().meta({ description: 'script for /bin/sh -c; NOT templated: inputs and vars arrive as $OPSDECK_INPUT_X / $OPSDECK_VAR_X' }),
    manual: z.string().min(1).optional().meta({ description: 'instructions; the operator confirms when done' }),
    service: serviceActionSchema.optional(),
    wait_healthy: services.optional().meta({ description: 'waits until these services are healthy (timeout: default 2m)' }),
    timeout: durationSchema.optional(),
    host: name().optional().meta({ description: 'run this run/shell step on a host of the environment (profile hosts:), over ssh; timeout and abort end every process it started there' }),
    cwd: z.string().optional(),
    env: stringMap.optional(),
  };

  const stepBodySchema = z.strictObject(bodyFields);

  const stepSchema = z.strictObject({
    id: name(),
    ...bodyFields,
    confirm: z.union([z.boolean(), z.literal('typed')]).default(false).meta({ description: 'false | true (y/N) | typed (type the environment name); always typed in a protected environment' }),
    retries: z.number().int().min(0).max(100).default(0),
    continue_on_error: z.boolean().default(false),
    // An argv alone is the shorthand `run:` takes: `rollback: [rm, -f, X]` = `rollback: { run: [rm, -f, X] }`.
    rollback: z
      .union([argv.transform((run) => ({ run })), stepBodySchema])
      .optional()
      .meta({ description: 'undoes this step (a step body, or an argv as shorthand for { run: argv }); run newest first when the run rolls back' }),
    when: z.array(name()).optional().meta({ description: 'run only in these environments' }),
    capture: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a variable name').optional().meta({ description: 'store trimmed stdout into {{ vars.NAME }} for later steps' }),
  });

  const inputSchema = z.strictObject({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be letters, digits, "-" or "_" and start with a letter'),
    description: z.string().optional(),
    pattern: z.string().optional().meta({ description: 'regular expression the whole value must match' }),
    choices: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
    choices_from: argv.optional().meta({ description: 'argv whose output lines are the choices' }),
    default: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
    secret: z.boolean().default(false).meta({ description: 'masked in the plan, journal and report' }),
  });

  const logTrigger = z.strictObject({
    service: name(),
    match: z.string().min(1).meta({ description: 'a regular expression written /like this/ (flags after the last slash), or plain text to look for' }),
  });

  const triggersSchema = z
    .strictObject({
      unhealthy: z.array(name()).optional().meta({ description: 'fires when one of these services is unhealthy or stopped' }),
      log: z.union([logTrigger, z.array(logTrigger)]).optional().meta({ description: 'fires when a log line of the service matches' }),
    })
    .meta({ description: 'symptoms this runbook is for: the service and incident screens offer it first when one fires' });

  const runbookSchema = z.strictObject({
    name: name(),
    title: z.string().optional(),
    description: z.string().optional(),
    kind: z.enum(RUNBOOK_KINDS).default('other'),
    environments: z.array(name()).optional().meta({ description: 'where it may run (default: every environment of the profile)' }),
    inputs: z.array(inputSchema).default([]),
    preconditions: z.array(z.strictObject({ healthy: services })).default([]),
    guard: z.array(name()).default([]).meta({ description: 'a health regression of these pauses the run at the next step boundary' }),
    steps: z.array(stepSchema).min(1, 'a runbook needs at least one step'),
    on_failure: z.enum(['rollback', 'stop']).default('stop'),
    services: z.array(name()).default([]).meta({ description: 'services this runbook is about: offered on their screens and incidents' }),
    triggers: triggersSchema.optional(),
    require_window: z.boolean().default(false).meta({ description: 'only inside a maintenance window: refused outside one in a protected environment, a warning elsewhere' }),
  });
  return { runbookSchema, stepBodySchema };
}

type RunbookSchemas = ReturnType<typeof buildRunbookSchemas>;

/** Built on first use, as the profile's are (profileSchemas): a start that loads no runbook never pays for them. */
export const runbookSchemas: () => RunbookSchemas = lazily(buildRunbookSchemas);

export type RunbookFile = z.output<RunbookSchemas['runbookSchema']>;
export type StepFile = RunbookFile['steps'][number];
export type StepBodyFile = z.output<RunbookSchemas['stepBodySchema']>;

// Schema plus semantic checks for a runbook, by path (the file adapter adds line:col).
// Checks against a profile: environments, services, and the vars each step's templates use.
import { runbookSchemas, STEP_KINDS, type RunbookFile, type StepBodyFile } from './runbook-schema.js';
import { stepKindOf } from './runbook-model.js';
import { didYouMean } from '../did-you-mean.js';
import { issuesToProblems, type PathProblem, type PathSegment } from '../schema-problems.js';
import { templateRefs, malformedTemplates } from '../template.js';
import type { Profile } from '../profile/profile-model.js';
import { regexError } from '../regex-error.js';
import { argvCodeProblems } from './argv-safety.js';
import { logMatchError } from './triggers.js';
import { MIN_SECRET_LENGTH } from '../text/redaction.js';

export interface RunbookValidation {
  file?: RunbookFile;
  problems: PathProblem[];
}

/** The parts of a profile a runbook is checked against. */
export type ProfileFacts = Pick<Profile, 'name' | 'environments' | 'services'>;

export function validateRunbookData(raw: unknown, profile?: ProfileFacts): RunbookValidation {
  if (raw === null || raw === undefined) return { problems: [{ path: [], message: 'the file is empty; a runbook needs name and steps' }] };
  const { runbookSchema } = runbookSchemas();
  const parsed = runbookSchema.safeParse(raw);
  // A file with a type error still gets its input-as-code check (it is read off the raw steps):
  // fixing a duration must not be what reveals that an input would become a command.
  if (!parsed.success) return { problems: [...issuesToProblems(runbookSchema, parsed.error.issues, raw).map(stepKindWording), ...rawArgvProblems(raw)] };
  const rb = parsed.data;
  return { file: rb, problems: [...structureProblems(rb), ...(profile ? profileProblems(rb, profile) : [])] };
}

/** argvCodeProblems over the `run:` lists of a file that did not pass the schema, as far as they read as lists of strings. */
function rawArgvProblems(raw: unknown): PathProblem[] {
  const steps = (raw as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  const out: PathProblem[] = [];
  const captured = new Set<string>();
  steps.forEach((step: unknown, i) => {
    const bodies: [unknown, PathSegment[]][] = [[step, ['steps', i]]];
    const rollback = (step as { rollback?: unknown } | null)?.rollback;
    if (rollback) bodies.push([rollback, ['steps', i, 'rollback']]);
    for (const [body, at] of bodies) {
      const run = (body as { run?: unknown } | null)?.run;
      if (Array.isArray(run) && run.every((a) => typeof a === 'string')) for (const p of argvCodeProblems(run as string[], captured)) out.push({ path: [...at, 'run', p.index], message: p.message });
    }
    const capture = (step as { capture?: unknown } | null)?.capture;
    if (typeof capture === 'string') captured.add(capture);
  });
  return out;
}

// An unknown key directly on a step is most often a mistyped step kind.
function stepKindWording(p: PathProblem): PathProblem {
  const onStep = p.atKey && (p.path.length === 3 || (p.path.length === 4 && p.path[2] === 'rollback')) && p.path[0] === 'steps';
  return onStep ? { ...p, message: p.message.replace(/^unknown key/, 'unknown step kind or option') } : p;
}

function structureProblems(rb: RunbookFile): PathProblem[] {
  const out: PathProblem[] = [];
  const inputNames = new Set<string>();
  rb.inputs.forEach((input, i) => {
    const at = ['inputs', i];
    if (inputNames.has(input.name)) out.push({ path: [...at, 'name'], message: `duplicate input "${input.name}"` });
    inputNames.add(input.name);
    if (input.pattern !== undefined) {
      const err = regexError(input.pattern);
      if (err) out.push({ path: [...at, 'pattern'], message: `invalid regular expression: ${err}` });
      else if (input.default !== undefined && !new RegExp(input.pattern).test(input.default)) out.push({ path: [...at, 'default'], message: `default "${input.default}" does not match the pattern` });
    }
    if (input.choices && input.default !== undefined && !input.choices.includes(input.default)) out.push({ path: [...at, 'default'], message: `default "${input.default}" is not one of the choices` });
    if (input.secret && input.default !== undefined && input.default.length < MIN_SECRET_LENGTH) out.push({ path: [...at, 'default'], message: `the default of a secret input needs at least ${MIN_SECRET_LENGTH} characters: a shorter one cannot be masked in output, journal and report; use a longer default or none` });
    if (input.choices_from) {
      out.push(...templateProblems(input.choices_from, [...at, 'choices_from'], rb, new Set()));
      for (const p of argvCodeProblems(input.choices_from)) out.push({ path: [...at, 'choices_from', p.index], message: p.message });
    }
  });
  for (const { t, path } of logTriggers(rb)) {
    const err = logMatchError(t.match);
    if (err) out.push({ path: [...path, 'match'], message: `invalid regular expression: ${err}` });
  }
  const ids = new Map<string, number>();
  const captured = new Set<string>();
  rb.steps.forEach((s, i) => {
    const at: PathSegment[] = ['steps', i];
    if (ids.has(s.id)) out.push({ path: [...at, 'id'], message: `duplicate step id "${s.id}" (first used by step ${ids.get(s.id)! + 1})` });
    else ids.set(s.id, i);
    out.push(...bodyProblems(s, at, captured));
    if (s.capture) captured.add(s.capture);
    if (s.rollback) out.push(...bodyProblems(s.rollback, [...at, 'rollback'], captured));
    for (const [body, base] of [[s, at], ...(s.rollback ? [[s.rollback, [...at, 'rollback']]] : [])] as [StepBodyFile, PathSegment[]][]) {
      for (const { texts, key } of templatedTexts(body)) out.push(...templateProblems(texts, [...base, key], rb, new Set()));
    }
  });
  return out;
}

/** `captured`: vars captured by earlier steps (a command's output, as untrusted as an input). */
function bodyProblems(b: StepBodyFile, at: PathSegment[], captured: ReadonlySet<string>): PathProblem[] {
  const kinds = stepKindOf(b);
  const out: PathProblem[] = [];
  if (kinds.length === 0) out.push({ path: at, message: `a step needs one of ${STEP_KINDS.join(', ')}` });
  if (kinds.length > 1) out.push({ path: [...at, kinds[1]!], message: `a step does exactly one thing; found ${kinds.join(' and ')}`, atKey: true });
  if (b.service) {
    const acts = (['start', 'stop', 'restart'] as const).filter((a) => b.service![a]);
    if (acts.length !== 1) out.push({ path: [...at, 'service'], message: `service needs exactly one of start, stop, restart${acts.length ? `; found ${acts.join(' and ')}` : ''}` });
  }
  if (b.run) for (const p of argvCodeProblems(b.run, captured)) out.push({ path: [...at, 'run', p.index], message: p.message });
  if (b.host !== undefined && !b.run && b.shell === undefined) out.push({ path: [...at, 'host'], message: 'host: runs a run or shell step on a host; this step has neither', atKey: true });
  if (b.shell !== undefined && /\{\{.*?\}\}/.test(b.shell)) {
    out.push({ path: [...at, 'shell'], message: 'shell scripts are not templated: use $OPSDECK_INPUT_NAME / $OPSDECK_VAR_NAME instead of {{ ... }}' });
  }
  return out;
}

/** Texts of a body that are templated (shell scripts never are). */
function templatedTexts(b: StepBodyFile): { texts: string[]; key: string }[] {
  const out: { texts: string[]; key: string }[] = [];
  if (b.run) out.push({ texts: b.run, key: 'run' });
  if (b.manual !== undefined) out.push({ texts: [b.manual], key: 'manual' });
  if (b.cwd !== undefined) out.push({ texts: [b.cwd], key: 'cwd' });
  if (b.env) out.push({ texts: Object.values(b.env), key: 'env' });
  return out;
}

// Without `knownVars`: syntax, scopes and inputs. With it: only vars (the profile pass).
function templateProblems(texts: readonly string[], path: PathSegment[], rb: RunbookFile, captured: ReadonlySet<string>, knownVars?: (name: string) => string | undefined): PathProblem[] {
  const out: PathProblem[] = [];
  const inputs = rb.inputs.map((i) => i.name);
  for (const text of texts) {
    if (!knownVars) for (const bad of malformedTemplates(text)) out.push({ path, message: `malformed template ${bad.text} (use {{ inputs.NAME }} or {{ vars.NAME }})` });
    for (const ref of templateRefs(text)) {
      if (knownVars) {
        if (ref.scope === 'vars' && !captured.has(ref.name)) {
          const missing = knownVars(ref.name);
          if (missing) out.push({ path, message: missing });
        }
      } else if (ref.scope === 'inputs') {
        if (!inputs.includes(ref.name)) {
          out.push({ path, message: `"inputs.${ref.name}" is not a declared input${didYouMean(ref.name, inputs, 'inputs.')}` });
        }
      } else if (ref.scope !== 'vars') out.push({ path, message: `unknown template scope "${ref.scope}" (use {{ inputs.NAME }} or {{ vars.NAME }})` });
    }
  }
  return out;
}

function profileProblems(rb: RunbookFile, p: ProfileFacts): PathProblem[] {
  const out: PathProblem[] = [];
  const envNames = Object.keys(p.environments);
  const svcNames = Object.keys(p.services);
  const unknownEnv = (e: string, path: PathSegment[]): void => {
    if (envNames.includes(e)) return;
    out.push({ path, message: `environment "${e}" is not in profile ${p.name}${didYouMean(e, envNames)}` });
  };
  const unknownSvc = (names: readonly string[] | undefined, path: PathSegment[]): void => {
    (names ?? []).forEach((n, i) => {
      if (svcNames.includes(n)) return;
      out.push({ path: [...path, i], message: `unknown service "${n}" in profile ${p.name}${didYouMean(n, svcNames)}` });
    });
  };
  rb.environments?.forEach((e, i) => unknownEnv(e, ['environments', i]));
  const rbEnvs = (rb.environments ?? envNames).filter((e) => envNames.includes(e));
  rb.preconditions.forEach((c, i) => unknownSvc(c.healthy, ['preconditions', i, 'healthy']));
  unknownSvc(rb.guard, ['guard']);
  unknownSvc(rb.services, ['services']);
  unknownSvc(rb.triggers?.unhealthy, ['triggers', 'unhealthy']);
  logTriggers(rb).forEach(({ t, path }) => {
    if (!svcNames.includes(t.service)) {
      out.push({ path: [...path, 'service'], message: `unknown service "${t.service}" in profile ${p.name}${didYouMean(t.service, svcNames)}` });
    }
  });
  const captured = new Set<string>();
  rb.steps.forEach((s, i) => {
    s.when?.forEach((e, j) => unknownEnv(e, ['steps', i, 'when', j]));
    const stepEnvs = s.when ? rbEnvs.filter((e) => s.when!.includes(e)) : rbEnvs;
    // A var must be defined in every environment the step can run in (or captured earlier).
    const knownVars = (name: string): string | undefined => {
      const lacking = stepEnvs.filter((e) => p.environments[e]!.vars[name] === undefined);
      if (lacking.length === 0) return undefined;
      const all = [...new Set(Object.values(p.environments).flatMap((e) => Object.keys(e.vars)))];
      return `"vars.${name}" is not defined in environment${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')}${didYouMean(name, [...all, ...captured], 'vars.')}`;
    };
    for (const [body, base] of [[s, ['steps', i]], ...(s.rollback ? [[s.rollback, ['steps', i, 'rollback']]] : [])] as [StepBodyFile, PathSegment[]][]) {
      for (const { texts, key } of templatedTexts(body)) out.push(...templateProblems(texts, [...base, key], rb, captured, knownVars));
      if (body.service) for (const a of ['start', 'stop', 'restart'] as const) unknownSvc(body.service[a], [...base, 'service', a]);
      unknownSvc(body.wait_healthy, [...base, 'wait_healthy']);
      const lackHost = body.host === undefined ? [] : stepEnvs.filter((e) => !(p.environments[e]!.hosts ?? []).some((h) => h.name === body.host));
      if (lackHost.length) {
        const all = [...new Set(Object.values(p.environments).flatMap((e) => (e.hosts ?? []).map((h) => h.name)))];
        out.push({ path: [...base, 'host'], message: `host "${body.host}" is not a host of environment${lackHost.length > 1 ? 's' : ''} ${lackHost.join(', ')}${didYouMean(body.host!, all)}` });
      }
      if (body === s && s.capture) captured.add(s.capture);
    }
  });
  return out;
}

function logTriggers(rb: RunbookFile): { t: { service: string; match: string }; path: PathSegment[] }[] {
  const log = rb.triggers?.log;
  if (log === undefined) return [];
  return Array.isArray(log) ? log.map((t, i) => ({ t, path: ['triggers', 'log', i] })) : [{ t: log, path: ['triggers', 'log'] }];
}

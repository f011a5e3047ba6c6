// Schema plus semantic checks for a profile, reported by path so the adapter can add positions.
import { profileSchemas, type ProfileFile } from './profile-schema.js';
import { didYouMean } from '../did-you-mean.js';
import { issuesToProblems, type PathProblem } from '../schema-problems.js';
import { findCycles } from './dependency-graph.js';
import { templateRefs, malformedTemplates } from '../template.js';
import { regexError } from '../regex-error.js';
import { toHostSelector, unknownHostNames } from '../fleet/hosts.js';

const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ProfileValidation {
  file?: ProfileFile;
  problems: PathProblem[];
}

export function validateProfileData(raw: unknown): ProfileValidation {
  if (raw === null || raw === undefined) return { problems: [{ path: [], message: 'the file is empty; a profile needs name, environments and services' }] };
  const { profileSchema } = profileSchemas();
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) return { problems: [...issuesToProblems(profileSchema, parsed.error.issues, raw), ...dependencyProblems(rawDependencies(raw))] };
  const deps = Object.fromEntries(Object.entries(parsed.data.services).map(([n, s]) => [n, s.depends_on]));
  return { file: parsed.data, problems: [...dependencyProblems(deps), ...semanticProblems(parsed.data)] };
}

// Dependency problems are worth reporting even when other parts of the file are broken.
function rawDependencies(raw: unknown): Record<string, string[]> {
  const services = (raw as { services?: unknown })?.services;
  if (!services || typeof services !== 'object' || Array.isArray(services)) return {};
  const out: Record<string, string[]> = {};
  for (const [name, s] of Object.entries(services as Record<string, unknown>)) {
    const d = (s as { depends_on?: unknown } | null)?.depends_on;
    out[name] = Array.isArray(d) ? d.filter((x): x is string => typeof x === 'string') : [];
  }
  return out;
}

function dependencyProblems(deps: Record<string, string[]>): PathProblem[] {
  const problems: PathProblem[] = [];
  const names = Object.keys(deps);
  for (const [svc, list] of Object.entries(deps)) {
    list.forEach((dep, i) => {
      if (dep === svc) problems.push({ path: ['services', svc, 'depends_on', i], message: `service "${svc}" depends on itself` });
      else if (!(dep in deps)) {
        // A service cannot depend on itself, so its own name is never the guess.
        problems.push({ path: ['services', svc, 'depends_on', i], message: `unknown service "${dep}" in depends_on${didYouMean(dep, names.filter((n) => n !== svc))}` });
      }
    });
  }
  const acyclic = Object.fromEntries(Object.entries(deps).map(([n, l]) => [n, l.filter((d) => d !== n)]));
  for (const cycle of findCycles(acyclic)) {
    problems.push({ path: ['services', cycle[0]!, 'depends_on'], message: `dependency cycle: ${cycle.join(' -> ')}` });
  }
  return problems;
}

function semanticProblems(p: ProfileFile): PathProblem[] {
  const problems: PathProblem[] = [];
  const envNames = Object.keys(p.environments);
  if (envNames.length === 0) problems.push({ path: ['environments'], message: 'at least one environment is needed' });

  const hostNames = Object.keys(p.hosts);
  const hostProblems = (raw: Parameters<typeof toHostSelector>[0], path: (string | number)[]): void => {
    for (const n of unknownHostNames(toHostSelector(raw), hostNames)) {
      problems.push({ path, message: `unknown host "${n}"${didYouMean(n, hostNames)}${hostNames.length ? '' : ' (the profile has no hosts:)'}` });
    }
  };
  for (const [env, e] of Object.entries(p.environments)) hostProblems(e.hosts, ['environments', env, 'hosts']);

  for (const [svc, s] of Object.entries(p.services)) {
    hostProblems(s.on, ['services', svc, 'on']);
    if (s.on && s.process) problems.push({ path: ['services', svc, 'on'], message: `service "${svc}" is a process service: opsdeck starts those on this machine only (use docker or an external service with on:)`, atKey: true });
    s.health.forEach((h, i) => {
      if ('command' in h) hostProblems(h.on, ['services', svc, 'health', i, 'on']);
    });
    if (s.docker && s.process) problems.push({ path: ['services', svc, 'process'], message: `service "${svc}" has both docker and process; a service is one of docker, process or external`, atKey: true });
    if (s.docker && !s.docker.container && !(s.docker.project && s.docker.service)) {
      problems.push({ path: ['services', svc, 'docker'], message: 'docker needs "container", or "project" and "service"' });
    }
    s.health.forEach((h, i) => {
      if ('http' in h && h.http.body_regex !== undefined) {
        const err = regexError(h.http.body_regex);
        if (err) problems.push({ path: ['services', svc, 'health', i, 'http', 'body_regex'], message: `invalid regular expression: ${err}` });
      }
      const texts = 'http' in h ? [h.http.url] : 'tcp' in h ? [h.tcp.host, String(h.tcp.port)] : h.command;
      problems.push(...templateProblems(texts, ['services', svc, 'health', i], p));
    });
    if (s.process) problems.push(...templateProblems(s.process.command, ['services', svc, 'process', 'command'], p));
    s.process?.inherit_env.forEach((n, i) => {
      if (!ENV_VAR.test(n)) problems.push({ path: ['services', svc, 'process', 'inherit_env', i], message: `"${n}" is not an environment variable name` });
    });
  }

  p.secrets.forEach((s, i) => {
    if (!ENV_VAR.test(s)) problems.push({ path: ['secrets', i], message: `"${s}" is not an environment variable name` });
  });
  for (const [env, e] of Object.entries(p.environments)) {
    for (const [v, re] of Object.entries(e.formats)) {
      const err = regexError(re);
      if (err) problems.push({ path: ['environments', env, 'formats', v], message: `invalid regular expression for ${v}: ${err}` });
    }
    e.requires.forEach((r, i) => {
      if (!ENV_VAR.test(r)) problems.push({ path: ['environments', env, 'requires', i], message: `"${r}" is not an environment variable name` });
    });
  }
  return problems;
}

// Only "vars" exist in a profile; a var must be defined in at least one environment.
function templateProblems(texts: readonly string[], base: (string | number)[], p: ProfileFile): PathProblem[] {
  const out: PathProblem[] = [];
  const known = new Set(Object.values(p.environments).flatMap((e) => Object.keys(e.vars)));
  for (const text of texts) {
    for (const bad of malformedTemplates(text)) out.push({ path: base, message: `malformed template ${bad.text} (use {{ vars.NAME }})` });
    for (const ref of templateRefs(text)) {
      if (ref.scope !== 'vars') out.push({ path: base, message: `unknown template scope "${ref.scope}" (profiles can use {{ vars.NAME }})` });
      else if (!known.has(ref.name)) {
        out.push({ path: base, message: `"vars.${ref.name}" is not defined in any environment${didYouMean(ref.name, [...known], 'vars.')}` });
      }
    }
  }
  return out;
}

// Fills a health check's "{{ vars.x }}" templates for one environment. Each templated value
// stays one value (one URL, one argv element): nothing here can add arguments or a command.
import type { Environment, HealthCheckSpec } from '../profile/profile-model.js';
import { expandTemplate, TemplateError, type TemplateScopes } from '../template.js';

export type ExpandedCheck = { ok: true; check: HealthCheckSpec } | { ok: false; check: HealthCheckSpec; error: string };

export function checkScopes(environment: Pick<Environment, 'name' | 'vars'>): TemplateScopes {
  return { vars: environment.vars, env: { name: environment.name } };
}

/** The check with every template filled, or the first template problem as a check error. */
export function expandCheck(check: HealthCheckSpec, scopes: TemplateScopes): ExpandedCheck {
  const x = (text: string): string => expandTemplate(text, scopes);
  try {
    switch (check.kind) {
      case 'http':
        return {
          ok: true,
          check: {
            ...check,
            url: x(check.url),
            headers: Object.fromEntries(Object.entries(check.headers).map(([k, v]) => [k, x(v)])),
            bodyContains: check.bodyContains === undefined ? undefined : x(check.bodyContains),
          },
        };
      case 'tcp':
        return { ok: true, check: { ...check, host: x(check.host), port: x(check.port) } };
      case 'command':
        return { ok: true, check: { ...check, command: check.command.map(x), cwd: check.cwd === undefined ? undefined : x(check.cwd) } };
    }
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, check, error: `template: ${e.message}` };
    throw e;
  }
}

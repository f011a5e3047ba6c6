// The incident start form as data: which services are preselected (the unhealthy and stopped
// ones, and the degraded ones when nothing is worse), the suggested severity and title. Pure.
import type { Severity } from '../../domain/incident/incident-events.js';

export interface StartDefaults {
  services: string[];
  severity: Severity;
  title: string;
}

export function startDefaults(names: readonly string[], states: Readonly<Record<string, string | undefined>>): StartDefaults {
  const bad = names.filter((n) => states[n] === 'unhealthy' || states[n] === 'stopped');
  const degraded = names.filter((n) => states[n] === 'degraded');
  const services = bad.length ? bad : degraded;
  const severity: Severity = bad.length ? 'P1' : degraded.length ? 'P2' : 'P3';
  const title = services.length ? `${services.join(', ')} ${bad.length ? states[services[0]!] : 'degraded'}` : '';
  return { services, severity, title };
}

/** A text field's key capture: printable text appends, erase deletes; the rest falls through. */
export function editText(current: string, input: string, key: string, max = 200): string | undefined {
  if (key === 'backspace' || key === 'delete') return current.slice(0, -1);
  if (key === 'enter' || key === 'escape' || key === 'tab' || key.startsWith('ctrl+') || input.length === 0) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/^[^\x00-\x1f\x7f-\x9f]+$/.test(input) && input.length <= 200) return (current + input).slice(0, max);
  return undefined;
}

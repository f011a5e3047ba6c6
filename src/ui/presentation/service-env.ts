// The environment line of a process service's screen: the NAMES it runs with (what the running
// process was started with, else what the profile declares), never a value.
import type { Service } from '../../domain/profile/profile-model.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';

export function serviceEnvLine(service: Service, startedWith: readonly string[] | undefined): string | undefined {
  const line = envLine(service, startedWith);
  return line === undefined ? undefined : terminalSafe(line);
}

function envLine(service: Service, startedWith: readonly string[] | undefined): string | undefined {
  const p = service.provider;
  if (p.kind !== 'process') return undefined;
  if (startedWith) return `env (as started): ${startedWith.filter((n) => !n.startsWith('OPSDECK_')).join(' ') || 'none'}`;
  const parts = [
    Object.keys(p.env).length ? Object.keys(p.env).join(' ') : undefined,
    p.inheritEnv.length ? `inherited ${p.inheritEnv.join(' ')}` : undefined,
    p.envFile ? `from ${p.envFile}` : undefined,
  ].filter(Boolean);
  return `env (declared): ${parts.length ? parts.join(' · ') : 'basics only (PATH HOME …)'}`;
}

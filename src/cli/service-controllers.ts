// Run-state providers for headless commands, by service kind. The process supervisor
// (lifecycle) and the Docker adapter (infra) are wired in here; a kind without a controller
// leaves its services' run state 'unknown' rather than guessing.
import type { ServiceControllers } from '../services/health-monitor.js';
import type { ProfileContext } from './command-context.js';

export async function loadControllers(ctx: ProfileContext): Promise<ServiceControllers> {
  const { ProcessSupervisor } = await import('../adapters/process/process-supervisor.js');
  return { process: new ProcessSupervisor(ctx.profile, ctx.environment) };
}

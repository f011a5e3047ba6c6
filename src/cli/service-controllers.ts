// Run-state providers for headless commands, by service kind. The process supervisor
// (lifecycle) and the Docker adapter (infra) are wired in here; a kind without a controller
// leaves its services' run state 'unknown' rather than guessing.
import type { ServiceControllers } from '../services/health/health-monitor.js';
import type { ProfileContext } from './command-context.js';

export async function loadControllers(ctx: ProfileContext): Promise<ServiceControllers> {
  const { ProcessSupervisor } = await import('../adapters/process/process-supervisor.js');
  const controllers: ServiceControllers = { process: new ProcessSupervisor(ctx.profile, ctx.environment) };
  // dockerode is loaded only for profiles with docker services, and before any run-state
  // timeout starts counting (loading it can take a second on a busy machine).
  if (Object.values(ctx.profile.services).some((s) => s.provider.kind === 'docker')) {
    const { createDockerController } = await import('../adapters/docker/docker-controller.js');
    controllers.docker = createDockerController(ctx.environment);
  }
  return controllers;
}

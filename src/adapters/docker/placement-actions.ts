// A docker service's containers looked up on each of its engines at once, and one action (start,
// stop, restart) applied to all of them: each instance reported, a host that fails named while
// the others still act.
import type { Service } from '../../domain/profile/profile-model.js';
import type { InstanceActionReport } from '../../ports/service-controller.js';
import { errorMessage } from '../../domain/errors.js';
import { InstancesActionError } from '../../domain/fleet/instance-actions.js';
import { describeSpec, type DockerEngine, type DockerSpec } from './docker-engine.js';
import type { ContainerStatus } from './container-state.js';
import { ContainerNotFoundError } from './docker-errors.js';
import { toInstance, type EnginePlacement } from './service-engines.js';

/** The containers of a service on one placement's engine, or why there are none to say. */
export interface Found {
  placement: EnginePlacement;
  containers?: ContainerStatus[];
  error?: unknown;
}

/** What an action does to one container; resolves with what became of it. */
export type ActOne = (engine: DockerEngine, c: ContainerStatus) => Promise<InstanceActionReport['outcome']>;

/** Every placement's containers, all engines asked at once; a failing engine is a Found with its error. */
export function findOnPlacements(placements: readonly EnginePlacement[], spec: DockerSpec): Promise<Found[]> {
  return Promise.all(
    placements.map((placement) =>
      placement.engine.findAll(spec).then(
        (containers): Found => ({ placement, containers }),
        (error: unknown): Found => ({ placement, error }),
      ),
    ),
  );
}

/**
 * One action on every instance, all hosts at once. A service on this machine alone fails as
 * before (typed errors). On hosts, each instance gets a report; a host that fails is named, the
 * others still act, and then the whole throws InstancesActionError with every report.
 */
export async function actOnPlacements(service: Service, found: readonly Found[], one: ActOne): Promise<void | InstanceActionReport[]> {
  const spec = service.provider as DockerSpec;
  if (!found.some((f) => f.placement.host !== undefined)) {
    const f = found[0];
    if (!f) return;
    if (f.error) throw f.error;
    if (f.containers!.length === 0) throw new ContainerNotFoundError(describeSpec(spec), f.placement.engine.display);
    await Promise.all(f.containers!.map((c) => one(f.placement.engine, c)));
    return;
  }
  const perHost = await Promise.all(
    found.map(async ({ placement: { host, engine }, containers, error }): Promise<InstanceActionReport[]> => {
      const name = `${service.name}@${host}`;
      if (error) return [{ instance: name, outcome: 'failed', message: errorMessage(error) }];
      if (containers!.length === 0) return [{ instance: name, outcome: 'failed', message: new ContainerNotFoundError(describeSpec(spec), engine.display).message }];
      return Promise.all(
        containers!.map(async (c): Promise<InstanceActionReport> => {
          const instance = toInstance(service, host, c).name;
          try {
            return { instance, outcome: await one(engine, c) };
          } catch (err) {
            return { instance, outcome: 'failed', message: errorMessage(err) };
          }
        }),
      );
    }),
  );
  const reports = perHost.flat();
  if (reports.some((r) => r.outcome === 'failed')) throw new InstancesActionError(reports);
  return reports;
}

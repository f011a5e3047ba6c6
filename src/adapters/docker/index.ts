// Docker adapter: the only place dockerode is imported.
export { DockerEngine, sharedDockerEngine, describeSpec, COMPOSE_PROJECT, COMPOSE_SERVICE, type DockerSpec } from './docker-engine.js';
export { dockerTarget, resolveDockerHost, DEFAULT_DOCKER_SOCKET, type DockerTarget } from './docker-target.js';
export { DockerUnreachableError, ContainerNotFoundError, DockerApiError, toDockerError } from './docker-errors.js';
export { toRunState, toContainerStatus, describeProblem, type ContainerStatus, type ContainerHealthStatus } from './container-state.js';
export { DockerServiceController, createDockerController, containerHealth, instancesCheck, dockerSpec, CONTAINER_CHECK, DEFAULT_DOCKER_STOP_GRACE_MS, type DockerControllerOptions } from './docker-controller.js';
export { environmentEngines, singleEngine, toInstance, type EnginePlacement, type ServiceEngines } from './service-engines.js';
export { watchEngineEvents, type EngineEvent, type EngineEventsStatus, type EngineEventsHandlers, type EngineEventsOptions } from './engine-events.js';

// Two SSH test hosts, each with its own Docker engine: web-1's `docker` talks to the shared
// dockerd, web-2's to a private one started here, both reached as ssh://<host> through
// `docker system dial-stdio`. For the tests of a docker service on two hosts.
import { chmodSync } from 'node:fs';
import { TestContainers } from './docker-env.js';
import { startPrivateDockerd, type PrivateDockerd } from './private-dockerd.js';
import { startFleet, type SshFleet } from './ssh-fleet.js';

export interface TwoEngineFleet {
  /** Containers on the shared engine (web-1's). */
  onA: TestContainers;
  /** Containers on the private engine (web-2's). */
  onB: TestContainers;
  engineB: PrivateDockerd;
  fleet: SshFleet;
  /** Removes web-1's test containers, stops the private engine and the hosts. */
  close(): Promise<void>;
}

export async function startTwoEngineFleet(): Promise<TwoEngineFleet> {
  const onA = new TestContainers();
  const sharedSocket = onA.engine.target.options.socketPath;
  if (!sharedSocket) throw new Error('needs the shared engine on a unix socket');
  const engineB = await startPrivateDockerd();
  try {
    chmodSync(engineB.dir, 0o711); // the hosts' users reach its socket (group docker) through it
    const onB = new TestContainers(engineB.host);
    const fleet = await startFleet([
      { name: 'web-1', docker: true, dockerHost: `unix://${sharedSocket}` },
      { name: 'web-2', docker: true, dockerHost: engineB.host },
    ]);
    return {
      onA, onB, engineB, fleet,
      async close() {
        await onA.removeAll();
        await engineB.close();
        await fleet.stop();
      },
    };
  } catch (e) {
    await engineB.close();
    throw e;
  }
}

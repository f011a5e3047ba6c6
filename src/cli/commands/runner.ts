// `opsdeck __runner RUN` (hidden): the detached runner process itself. Started by run/resume.
import { readRunRequest } from '../../services/runs/run-request.js';
import { runDetached } from '../../services/runs/detached-runner.js';
import { UsageError } from '../../domain/errors.js';
import { isRunId } from '../../domain/runbook/run-id.js';
import { HeadlessConfirmer } from '../headless-confirmer.js';
import { loadControllers } from '../service-controllers.js';
import { loadContext } from '../command-context.js';
import { runPaths } from '../../adapters/fs/run-store.js';

export async function run(args: string[]): Promise<number> {
  const [runId] = args;
  if (!runId || !isRunId(runId)) throw new UsageError('__runner needs a run id (it is started by `opsdeck run` / `opsdeck resume`)');
  // A hangup from a terminal we once shared must never end a run.
  process.on('SIGHUP', () => undefined);
  process.on('SIGINT', () => undefined);
  // Flags answer what they can; the runner itself never prompts (it has no terminal).
  return runDetached(runId, {
    flagConfirmer: (req) => new HeadlessConfirmer({ yes: req.yes, confirmEnv: req.confirmEnv, tty: false }),
    controllers: async () => {
      const req = readRunRequest(runPaths(runId));
      if (!req) return {};
      return loadControllers(loadContext({ dir: req.opsDir, profile: req.profile, env: req.environment }));
    },
  });
}

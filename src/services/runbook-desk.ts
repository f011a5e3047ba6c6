// The console's runbook intents: list the runbooks of the current environment, list an input's
// choices (its `choices_from` argv, never a shell), preview the plan with estimates from past
// runs, start a run and hold its client, read past runs. No React; the screens call this only.
import { existsSync, readFileSync } from 'node:fs';
import { errorMessage, formatProblem } from '../domain/errors.js';
import type { Environment, Profile } from '../domain/profile/profile-model.js';
import { createRedactor, secretValuesFrom } from '../domain/redaction.js';
import { expandArgv } from '../domain/template.js';
import { plan as makePlan, type Plan } from '../domain/runbook/plan.js';
import { runbookEnvironments, type Runbook } from '../domain/runbook/runbook-model.js';
import { renderReport } from '../domain/runbook/report.js';
import { summarizeRun, type RunSummary } from '../domain/runbook/run-summary.js';
import { loadRunbooks } from '../adapters/fs/runbook-loader.js';
import { listRunIds, runPaths } from '../adapters/fs/run-store.js';
import { readRunJournal } from '../adapters/fs/fs-run-journal.js';
import { stateDir } from '../adapters/fs/state-dir.js';
import { currentOperator } from '../adapters/system/process-identity.js';
import { executeStep } from '../adapters/process/step-executor.js';
import { connectRunClient, type RunClient } from './run-client.js';
import { startInProcessRun } from './in-process-run.js';
import { createStepServices, type StepServices } from './runbook-step-services.js';
import { estimatesFrom } from '../domain/runbook/run-estimates.js';

export interface RunbookEntry {
  /** File name without .yaml: what `:run NAME` takes. */
  name: string;
  title: string;
  kind: string;
  runbook?: Runbook;
  /** Why it cannot run (invalid file), first problem. */
  problem?: string;
  last?: Pick<RunSummary, 'status' | 'durationMs' | 'startedAt' | 'runId'>;
}

export interface RunbookDesk {
  /** Runbooks that may run in the current environment (invalid ones listed with their problem). */
  list(): RunbookEntry[];
  /** Runs every `choices_from` command (argv, 15 s limit); a failure rejects with its message. */
  choices(rb: Runbook): Promise<Record<string, string[]>>;
  /** The plan as the operator will see it at confirmation, with per-step estimates from past runs. */
  preview(rb: Runbook, inputs: Readonly<Record<string, string>>, dryRun: boolean): Plan;
  /** Starts the run (throws LockHeldError when the environment is taken) and connects to it. */
  start(plan: Plan, changeRef?: string): RunClient;
  /** The run this console started or attached to, while it is not finished. */
  active(): RunClient | undefined;
  /** The client of a run this console started (finished or not). */
  client(runId: string): RunClient | undefined;
  /** Past runs of this profile, newest first. */
  history(limit?: number): RunSummary[];
  /** The report of a run (report.md, or rendered from its journal). */
  runText(runId: string): string;
  reportPath(runId: string): string;
  /** Ends an in-process run's step (the console is closing). */
  dispose(): Promise<void>;
}

export interface RunbookDeskOptions {
  root: string;
  profile: Profile;
  environment: () => Environment;
  env?: NodeJS.ProcessEnv;
  /** @default createStepServices */
  stepServices?: (profile: Profile, environment: Environment) => StepServices;
}

const HISTORY_SCAN = 300;

export function createRunbookDesk(o: RunbookDeskOptions): RunbookDesk {
  const env = o.env ?? process.env;
  const operator = currentOperator(env);
  const stepServices = o.stepServices ?? ((p, e) => createStepServices(p, e, stateDir(env)));
  let current: { client: RunClient; finished: boolean; abort(): void; done: Promise<unknown> } | undefined;

  const history = (limit = HISTORY_SCAN): RunSummary[] => {
    let ids: string[];
    try {
      ids = listRunIds(env).slice(-HISTORY_SCAN).reverse();
    } catch {
      return [];
    }
    const out: RunSummary[] = [];
    for (const id of ids) {
      const s = summarizeRun(readRunJournal(id, env).records);
      if (s && s.profile === o.profile.name) out.push(s);
      if (out.length >= limit) break;
    }
    return out;
  };

  return {
    list() {
      const environment = o.environment();
      const past = history();
      const profileEnvs = Object.keys(o.profile.environments);
      return loadRunbooks(o.root, o.profile).flatMap((l): RunbookEntry[] => {
        const rb = l.runbook;
        if (rb && !runbookEnvironments(rb, profileEnvs).includes(environment.name)) return [];
        const last = past.find((s) => s.runbook === (rb?.name ?? l.name) && s.environment === environment.name);
        return [{
          name: l.name,
          title: rb?.title ?? l.name,
          kind: rb?.kind ?? '?',
          runbook: rb,
          problem: rb ? undefined : l.problems[0] ? formatProblem(l.problems[0]) : 'invalid runbook',
          last: last && { status: last.status, durationMs: last.durationMs, startedAt: last.startedAt, runId: last.runId },
        }];
      });
    },
    async choices(rb) {
      const out: Record<string, string[]> = {};
      for (const input of rb.inputs) {
        if (!input.choicesFrom) continue;
        const argv = expandArgv(input.choicesFrom, { inputs: {}, vars: o.environment().vars });
        const r = await executeStep({ argv, cwd: o.profile.baseDir, env: {}, timeoutMs: 15_000, keepStdout: true, tailLines: 5 });
        if (r.failed) throw new Error(`choices for ${input.name}: \`${argv.join(' ')}\` ${r.error ?? 'failed'}${r.tail.length ? `: ${r.tail.at(-1)}` : ''}`);
        out[input.name] = (r.stdout ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
      }
      return out;
    },
    preview(rb, inputs, dryRun) {
      const environment = o.environment();
      const past = history().filter((s) => s.runbook === rb.name && s.environment === environment.name);
      return makePlan(rb, environment, inputs, { dryRun, estimates: estimatesFrom(past) });
    },
    start(plan, changeRef) {
      if (current && !current.finished) throw new Error(`run ${current.client.runId} is still going: finish it first`);
      const services = stepServices(o.profile, plan.environment);
      const secrets = [...secretValuesFrom(o.profile.secrets, env), ...plan.secretInputs.map((n) => plan.inputs[n])];
      let run;
      try {
        run = startInProcessRun({
          plan, profile: o.profile.name, changeRef, services: services.actions, healthOf: services.healthOf,
          redactor: createRedactor(secrets), baseDir: o.profile.baseDir, operator, env,
        });
      } catch (e) {
        void services.close();
        throw e;
      }
      const client = connectRunClient(run.runId, run.channel, { user: operator.user, host: operator.host, sshClient: operator.sshClient, tty: true });
      client.store.getState().patch({ reportPath: run.reportPath });
      const entry = { client, finished: false, abort: run.abortNow, done: run.done };
      current = entry;
      void run.done.catch(() => undefined).finally(() => {
        entry.finished = true;
        void services.close();
      });
      return client;
    },
    active: () => (current && !current.finished ? current.client : undefined),
    client: (runId) => (current?.client.runId === runId ? current.client : undefined),
    history: (limit) => history(limit),
    runText(runId) {
      const p = runPaths(runId, env);
      try {
        if (existsSync(p.report)) return readFileSync(p.report, 'utf8');
        return renderReport(readRunJournal(runId, env).records);
      } catch (e) {
        return `cannot read run ${runId}: ${errorMessage(e)}`;
      }
    },
    reportPath: (runId) => runPaths(runId, env).report,
    async dispose() {
      if (current && !current.finished) {
        current.abort();
        await Promise.race([current.done.catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
      }
    },
  };
}

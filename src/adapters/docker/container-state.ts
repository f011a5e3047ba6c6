// What a container's inspect data means for opsdeck: its run state and its HEALTHCHECK verdict.
import type { ContainerInspectInfo } from 'dockerode';
import type { RunState } from '../../domain/health/health-model.js';

export type ContainerHealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface ContainerStatus {
  id: string;
  /** Without the leading slash. */
  name: string;
  /** Docker's own word: created, running, paused, restarting, removing, exited, dead. */
  status: string;
  runState: RunState;
  /** Present only when the image or `--health-cmd` defines a HEALTHCHECK. */
  health?: ContainerHealthStatus;
  failingStreak?: number;
  /** Output of the latest HEALTHCHECK probe, trimmed. */
  healthOutput?: string;
  exitCode?: number;
  startedAt?: string;
  /** Times the engine restarted it (restart policy). */
  restartCount: number;
  image: string;
  labels: Record<string, string>;
}

const RUN_STATE: Record<string, RunState> = {
  running: 'running',
  restarting: 'starting',
  removing: 'stopping',
  created: 'stopped',
  paused: 'stopped',
  exited: 'exited',
  dead: 'exited',
};

export function toRunState(status: string | undefined): RunState {
  return (status && RUN_STATE[status]) || 'unknown';
}

export function toContainerStatus(info: ContainerInspectInfo): ContainerStatus {
  const s = info.State;
  const h = s.Health;
  const health = h && (h.Status === 'starting' || h.Status === 'healthy' || h.Status === 'unhealthy') ? h.Status : undefined;
  const last = h?.Log?.length ? h.Log[h.Log.length - 1] : undefined;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    status: s.Status,
    runState: toRunState(s.Status),
    health,
    failingStreak: h?.FailingStreak,
    healthOutput: last?.Output?.trim().slice(0, 300) || undefined,
    exitCode: s.Status === 'exited' || s.Status === 'dead' ? s.ExitCode : undefined,
    startedAt: s.StartedAt,
    restartCount: info.RestartCount ?? 0,
    image: info.Config.Image,
    labels: info.Config.Labels ?? {},
  };
}

/** One line for a failing container check: "exited (code 1)", "HEALTHCHECK unhealthy ...". */
export function describeProblem(c: ContainerStatus): string | undefined {
  if (c.runState !== 'running') return c.exitCode === undefined ? `container ${c.status}` : `container ${c.status} (code ${c.exitCode})`;
  if (c.health === 'starting') return 'HEALTHCHECK starting';
  if (c.health === 'unhealthy') {
    const streak = c.failingStreak ? ` (failing streak ${c.failingStreak})` : '';
    return `HEALTHCHECK unhealthy${streak}${c.healthOutput ? `: ${c.healthOutput}` : ''}`;
  }
  return undefined;
}

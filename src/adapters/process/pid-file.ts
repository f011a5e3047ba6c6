// The record a started service leaves in the state dir, so any opsdeck on the host (this one,
// a second console, a runner) finds it. Written atomically (writeStateJson): readers never see half a file.
import { rmSync } from 'node:fs';

export interface PidRecord {
  pid: number;
  /** The service runs in its own process group (pgid = pid): signals reach its children too. */
  pgid: number;
  /** ISO time opsdeck started it. */
  startedAt: string;
  /** Field 22 of /proc/PID/stat at start: defeats pid reuse. */
  procStartTime?: number;
  command: string[];
  cwd: string;
  /** Who started it: user@host. */
  startedBy: string;
  /** The host it runs on: pids mean nothing elsewhere (a state dir on a shared disk). */
  host?: string;
  profile: string;
  environment: string;
  service: string;
  /** The masking writer between the service's output and its log file; it ends with that output. */
  logWriterPid?: number;
  logFile: string;
  /** Names of the environment variables it was started with (never their values). */
  envNames?: string[];
}

/** How a service's process ended, when the opsdeck that started it was there to see it. */
export interface ExitRecord {
  pid: number;
  procStartTime?: number;
  exitCode: number | null;
  signal: string | null;
  exitedAt: string;
}

export function removeFile(file: string): void {
  rmSync(file, { force: true });
}

// Finding the processes a step or run started, wherever they went: each carries a marker
// (an environment variable it inherited) even after leaving its process group or session
// (`setsid`, a double fork). The local host reads /proc (adapters/system/run-processes.ts);
// a remote host can implement the same port over SSH.

export interface ProcessMarker {
  /** e.g. OPSDECK_RUN_ID (a run) or OPSDECK_EXEC_ID (one step execution) */
  name: string;
  value: string;
}

export interface MarkedProcess {
  pid: number;
  /** Process group, for the message; signals go to each pid. */
  pgid: number;
  command: string;
}

export interface ProcessFinder {
  /** Live (not zombie) processes whose environment holds NAME=value. */
  find(marker: ProcessMarker): Promise<MarkedProcess[]>;
  /** Sends `signal` to each; a process already gone is not an error. */
  signal(processes: readonly MarkedProcess[], signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

// Typed errors with exit codes: one top-level handler turns them into a message and a code.

export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

/** One problem in a config file, printed as `file:line:col: message`. */
export interface ConfigProblem extends SourcePosition {
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

export const EXIT = {
  ok: 0,
  failed: 1,
  config: 2,
  usage: 2,
  userAbort: 130,
  bug: 70,
} as const;

export abstract class OpsdeckError extends Error {
  abstract readonly exitCode: number;
  /** What the operator can do next, when there is something. */
  hint?: string;
}

/** Broken profile or runbook files: every problem, each with its position. */
export class ConfigError extends OpsdeckError {
  readonly exitCode = EXIT.config;
  constructor(readonly problems: ConfigProblem[], hint?: string) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.hint = hint;
  }
}

/** The operator asked for something that cannot be done as asked (bad flag, unknown name). */
export class UsageError extends OpsdeckError {
  readonly exitCode = EXIT.usage;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}

/** A subprocess or a step failed; carries what was run. */
export class StepFailedError extends OpsdeckError {
  readonly exitCode = EXIT.failed;
  constructor(message: string, readonly command?: readonly string[], hint?: string) {
    super(message);
    this.name = 'StepFailedError';
    this.hint = hint;
  }
}

export class UserAbort extends OpsdeckError {
  readonly exitCode = EXIT.userAbort;
  constructor(message = 'aborted by the operator') {
    super(message);
    this.name = 'UserAbort';
  }
}

/** A defect in opsdeck itself. */
export class BugError extends OpsdeckError {
  readonly exitCode = EXIT.bug;
  constructor(message: string, readonly logFile?: string) {
    super(message);
    this.name = 'BugError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

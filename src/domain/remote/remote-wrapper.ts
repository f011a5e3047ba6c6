// What every remote command runs inside, so that it ends with its ssh client. OpenSSH forwards
// no signal to a session without a tty, and a remote process that ignores SIGHUP or never reads
// its closed stdin outlives the client that started it (a timed-out `sleep 300` check, an idle
// `tail -F`). So each command runs under a small POSIX-sh wrapper (dash, bash and busybox sh):
//
// - The first stdin line is a per-exec marker, the next lines `NAME=value` variables up to an
//   empty line (values never on a command line). The command alone gets the marker in its
//   environment as OPSDECK_REMOTE_EXEC (children inherit it, even after `setsid` or a double fork).
// - "watched": the command's stdin is /dev/null and a watcher reads the rest of the channel's
//   stdin to its end; EOF while the command runs means the client is gone (ssh's control master
//   sends it when its client dies, sshd when the connection drops), and the watcher ends the
//   session's process group (sshd gives every session one of its own) and every process carrying
//   the marker, found through /proc/*/environ where the host has /proc: SIGTERM, then SIGKILL
//   after the grace (a second unless the first line gives another: `<marker> <tenths>`).
// - "step": a runbook step. As "watched", but the command is the wrapper's child, not its
//   replacement: when it exits, the wrapper prints `opsdeck-step-exit:<marker>:<status>` on stderr
//   and exits too, so the client can end at once although a daemon the step left (`setsid cmd &`)
//   still holds the channel's output open (sshd closes a channel only when no process holds it).
//   The watcher then finds the wrapper gone and leaves that daemon alone, as a local step does.
// - "passthrough": for commands whose stdin is their input (`docker system dial-stdio`): the
//   wrapper execs the command; the caller ends it with the reaper (below) over the master.
//
// Only these fixed scripts and the argv (each element quoted) are ever on a remote command line.
import { envPreamble, posixCommand } from './posix-quote.js';

export const REMOTE_MARKER = 'OPSDECK_REMOTE_EXEC';

/** What the "step" wrapper prints on stderr once its command exited: then `<marker>:<status>`. */
export const STEP_EXIT = 'opsdeck-step-exit:';

/** Marker values: what the wrapper accepts (and what is safe inside its fixed grep pattern). */
const MARKER_VALUE = /^[A-Za-z0-9-]{8,64}$/;

// r SIG: signal each process whose environment holds the marker; returns 0 when it found any.
// One grep reads every /proc/*/environ it may (the user's own processes; all of them as root),
// NUL-separated (-z: GNU and busybox grep), each variable matched whole (-x).
const FIND_AND_SIGNAL =
  `r() { n=1; for f in $(grep -lzxF "${REMOTE_MARKER}=$m" /proc/[0-9]*/environ 2>/dev/null); do ` +
  'q=${f#/proc/}; kill -"$1" "${q%/environ}" 2>/dev/null && n=0; done; return $n; }';

// TERM to the marked processes (and the group), up to the grace ($g tenths of a second) for
// them to go, then KILL (repeated until a scan finds none, at most 1 s more).
const END_ALL = (group: boolean): string =>
  [
    'r TERM',
    ...(group ? ['kill -TERM 0 2>/dev/null'] : []),
    'if [ -d /proc/self ]; then i=0; while [ $i -lt "$g" ] && r 0; do sleep 0.1 2>/dev/null || sleep 1; i=$((i+1)); done; else sleep $(((g + 9) / 10)); fi',
    // KILL again until a scan finds none: a marked process may have forked one the scan missed.
    'i=0; while r KILL && [ $i -lt 10 ]; do sleep 0.1 2>/dev/null || sleep 1; i=$((i+1)); done',
    ...(group ? ['kill -KILL 0 2>/dev/null'] : []),
  ].join('; ');

// The first line: the marker, then optionally the grace in tenths of a second (default 10).
const READ_MARKER = ['IFS=\' \' read -r m g || exit 125', 'case $m in *[!A-Za-z0-9-]*|"") exit 125;; esac', 'case $g in *[!0-9]*|"") g=10;; esac'];

const READ_PREAMBLE = [
  ...READ_MARKER,
  'while IFS= read -r l && [ -n "$l" ]; do export "$l"; done',
].join('; ');

// The command replaces the wrapper (its status and signal are the session's own); a watcher
// subshell reads the channel's stdin (fd 3) to its end. At EOF with the command still there (the
// client is gone), it ends everything, itself last (`kill -KILL 0`); after a normal exit it
// just goes. It is forked before the marker is exported, so the marker scan never finds it.
const WATCHED =
  [READ_PREAMBLE, FIND_AND_SIGNAL, 'exec 3<&0'].join('; ') +
  `; (while read -r _; do :; done <&3; kill -0 $$ 2>/dev/null || exit 0; trap "" TERM; ${END_ALL(true)}) >/dev/null 2>&1 & ` +
  `${REMOTE_MARKER}=$m; export ${REMOTE_MARKER}; exec "$@" 3<&- </dev/null`;

const STEP =
  [READ_PREAMBLE, FIND_AND_SIGNAL, 'exec 3<&0'].join('; ') +
  `; (while read -r _; do :; done <&3; kill -0 $$ 2>/dev/null || exit 0; trap "" TERM; ${END_ALL(true)}) >/dev/null 2>&1 & ` +
  `${REMOTE_MARKER}=$m; export ${REMOTE_MARKER}; "$@" 3<&- </dev/null; s=$?; printf '%s\\n' "${STEP_EXIT}$m:$s" >&2; exit $s`;

const PASSTHROUGH = [READ_PREAMBLE, `${REMOTE_MARKER}=$m; export ${REMOTE_MARKER}`, 'exec "$@"'].join('; ');

const REAPER = [...READ_MARKER, FIND_AND_SIGNAL, END_ALL(false), 'exit 0'].join('; ');

export type RemoteStdin = 'watched' | 'passthrough' | 'step';


/** The remote command line for argv under the wrapper. */
export function wrappedCommand(argv: readonly string[], stdin: RemoteStdin): string {
  if (argv.length === 0) throw new RangeError('empty command');
  return posixCommand(['sh', '-c', stdin === 'watched' ? WATCHED : stdin === 'step' ? STEP : PASSTHROUGH, 'opsdeck-exec', ...argv]);
}

/** The remote command line that ends every process of one exec (its marker comes on stdin). */
export function reaperCommand(): string {
  return posixCommand(['sh', '-c', REAPER, 'opsdeck-reap']);
}

/** The first line the wrapper and the reaper read: the marker, and the grace when given. */
function markerLine(marker: string, graceMs: number | undefined): string {
  if (!MARKER_VALUE.test(marker)) throw new RangeError(`"${marker}" is not a marker value`);
  if (graceMs === undefined) return `${marker}\n`;
  return `${marker} ${Math.min(MAX_GRACE_TENTHS, Math.max(1, Math.ceil(graceMs / 100)))}\n`;
}

/** The longest grace the host waits between SIGTERM and SIGKILL (10 minutes). */
const MAX_GRACE_TENTHS = 6000;

/** What the wrapper reads from stdin first: the marker (and the grace), the variables, an empty line. */
export function wrapperPreamble(marker: string, env: Readonly<Record<string, string>> = {}, graceMs?: number): string {
  return `${markerLine(marker, graceMs)}${envPreamble(env)}`;
}

/** The stdin of the reaper: the marker, and how long the processes get between SIGTERM and SIGKILL (@default 1 s). */
export function reaperInput(marker: string, graceMs?: number): string {
  return markerLine(marker, graceMs);
}

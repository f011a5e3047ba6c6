// Tells when nobody reads our stdout pipe any more, without writing to it. `opsdeck logs -f |
// head -1` must end as soon as head exits even when no new line comes to trigger EPIPE (GNU
// tail polls the pipe for POLLERR; Node exposes no poll on a write-only fd). Linux /proc: find
// a process holding the pipe's read end, re-check that one fd cheaply each tick, and rescan
// only when it goes. If no reader is visible at all (another user's process), it stays silent.
import { fstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

interface Reader {
  pid: string;
  fd: string;
}

export function watchPipeReader(fd: number, onGone: () => void, intervalMs = 250): (() => void) | undefined {
  let pipe: string;
  try {
    if (!fstatSync(fd).isFIFO()) return undefined;
    pipe = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
  let reader = findReader(pipe);
  if (!reader) return undefined;
  const timer = setInterval(() => {
    if (reader && holds(reader, pipe)) return;
    reader = findReader(pipe);
    if (!reader) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function holds(r: Reader, pipe: string): boolean {
  try {
    return readlinkSync(`/proc/${r.pid}/fd/${r.fd}`) === pipe && isReadOnly(r);
  } catch {
    return false;
  }
}

function isReadOnly(r: Reader): boolean {
  const info = readFileSync(`/proc/${r.pid}/fdinfo/${r.fd}`, 'utf8');
  const m = /^flags:\s*([0-7]+)/m.exec(info);
  return !!m && (parseInt(m[1]!, 8) & 3) === 0; // O_RDONLY
}

function findReader(pipe: string): Reader | undefined {
  const self = String(process.pid);
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || pid === self) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      const r = { pid, fd };
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === pipe && isReadOnly(r)) return r;
      } catch {
        // Gone meanwhile.
      }
    }
  }
  return undefined;
}

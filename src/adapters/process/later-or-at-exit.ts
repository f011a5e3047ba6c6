// Work that must not delay a start (writing a cache) but should still happen: run once, a
// while later, or when the process exits first. The timer does not keep the process alive.

/** Runs `task` once: `ms` from now, or at process exit if that comes first. */
export function laterOrAtExit(task: () => void, ms: number): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    process.off('exit', run);
    clearTimeout(timer);
    task();
  };
  const timer = setTimeout(run, ms);
  timer.unref();
  process.on('exit', run);
}

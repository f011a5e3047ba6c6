// A reader that stops early (`opsdeck mask < big | head -1`) closes stdout's pipe. Node ignores
// SIGPIPE, so the next write fails with EPIPE, and with no listener that 'error' ended the
// process with a stack trace. Once the reader has gone, what is left to print is dropped and the
// command finishes its work (a run goes on, as it does when its terminal hangs up), so no step
// is cut short and nothing it started is left behind.
type Write = typeof process.stdout.write;

export function dropOutputOnceReaderLeaves(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stream.write = ((_chunk: unknown, encoding?: unknown, done?: unknown) => {
      const callback = typeof encoding === 'function' ? encoding : done;
      if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
      return true;
    }) as Write;
  });
}

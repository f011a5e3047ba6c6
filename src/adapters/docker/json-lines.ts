// The engine's streaming endpoints (events, stats) send one JSON document per line: each line of
// a stream, trimmed, however its chunks split them. A complete document without its newline yet
// is passed on at once (some engines send one per write and the newline with the next).
export function onJsonLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line) onLine(line);
    }
    if (pending.trim().endsWith('}')) {
      try {
        JSON.parse(pending);
      } catch {
        return; // incomplete: wait for more
      }
      onLine(pending.trim());
      pending = '';
    }
  });
}

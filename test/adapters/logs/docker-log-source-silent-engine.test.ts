// An engine that accepts a connection and never answers (one going down, or not yet up): the
// log source gives the attempt up after its setup timeout, says so, and tries again, instead of
// staying on "retrying" for good. A real unix socket that accepts and stays silent.
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import Docker from 'dockerode';
import { DockerLogSource } from '../../../src/adapters/logs/docker-log-source.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from './collect.js';

afterAll(removeTempDirs);

describe('docker log source, engine that never answers', () => {
  it('fails the attempt after the setup timeout, retries, and leaves no connection open when stopped', async () => {
    const socketPath = join(tempDir(), 'docker.sock');
    const open = new Set<Socket>();
    let accepted = 0;
    const server = createServer((s) => {
      accepted++;
      open.add(s);
      s.resume(); // reads (and ignores) the request, so a client that gives up is seen to close
      s.on('close', () => open.delete(s));
    });
    await new Promise<void>((r) => server.listen(socketPath, r));
    const errors: string[] = [];
    const statuses: string[] = [];
    const abort = new AbortController();
    try {
      new DockerLogSource({ service: 'app', docker: new Docker({ socketPath }), container: 'shop-app', setupTimeoutMs: 300, backoffMs: 50 }).start(
        { chunk: () => undefined, error: (m) => errors.push(m), status: (state, detail) => statuses.push(`${state}${detail ? `: ${detail}` : ''}`) },
        abort.signal,
      );
      await waitFor(() => errors.length >= 2, 'two failed attempts');
      expect(errors.slice(0, 2)).toEqual(['docker engine did not answer within 300ms', 'docker engine did not answer within 300ms']);
      expect(statuses).toContain('reconnecting: docker engine did not answer within 300ms; retrying in 0s');
      expect(accepted).toBeGreaterThanOrEqual(2);
      abort.abort();
      await waitFor(() => open.size === 0, 'every connection closed');
    } finally {
      abort.abort();
      for (const s of open) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});

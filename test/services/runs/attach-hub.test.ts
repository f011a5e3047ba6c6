// The attach hub over a real unix socket: one console answers, others watch; when the
// controller leaves, a question waits ("waiting for an operator") until another takes over.
import { afterAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { listenRunnerSocket, connectRunner } from '../../../src/adapters/ipc/runner-socket.js';
import { AttachHub } from '../../../src/services/runs/attach-hub.js';
import type { ServerMessage, RunnerStatus } from '../../../src/domain/runbook/runner-protocol.js';
import type { ConfirmRequest } from '../../../src/ports/confirmer.js';
import type { RunEvent } from '../../../src/domain/runbook/run-events.js';

afterAll(removeTempDirs);

const who = (user: string) => ({ user, host: 'h', tty: true });
const request = (id: string): ConfirmRequest => ({ id, runId: 'r', purpose: 'step', stepId: 'deploy', command: 'deploy --now', level: 'confirm', environment: 'local', prompt: 'Run deploy?', choices: ['no', 'yes'], defaultChoice: 'no' });

async function client(path: string, role: 'control' | 'watch', user: string) {
  const ch = await connectRunner(path);
  const got: ServerMessage[] = [];
  const waiters: { pred: (m: ServerMessage) => boolean; res: (m: ServerMessage) => void }[] = [];
  ch.onMessage((m) => {
    got.push(m);
    for (const w of [...waiters]) if (w.pred(m)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.res(m);
    }
  });
  ch.send({ t: 'hello', role, who: who(user) });
  const next = (pred: (m: ServerMessage) => boolean) => {
    const seen = got.find(pred);
    return seen ? Promise.resolve(seen) : new Promise<ServerMessage>((res) => waiters.push({ pred, res }));
  };
  return { ch, got, next };
}

describe('attach hub', () => {
  it('history first, one controller answers, control passes on when it leaves, a lonely question waits', async () => {
    const dir = tempDir();
    const sock = join(dir, 'runner.sock');
    const history: RunEvent[] = [{ type: 'note', at: 1, message: 'before anyone came' }];
    const statuses: RunnerStatus[] = [];
    const hub = new AttachHub({ runId: 'r', pid: process.pid, history: () => history, onStatus: (s) => statuses.push(s) });
    const server = await listenRunnerSocket(sock, (ch) => hub.addClient(ch));
    expect(statSync(sock).mode & 0o777).toBe(0o600);
    try {
      // Nobody attached: the question parks the run.
      const first = hub.ask(request('c1'));
      expect(statuses.at(-1)).toMatchObject({ state: 'waiting', detail: expect.stringMatching(/step deploy needs an operator/) });

      const alice = await client(sock, 'control', 'alice');
      const bob = await client(sock, 'control', 'bob');
      const carol = await client(sock, 'watch', 'carol');
      expect(await alice.next((m) => m.t === 'welcome')).toMatchObject({ controller: true });
      expect(await bob.next((m) => m.t === 'welcome')).toMatchObject({ controller: false });
      expect(await carol.next((m) => m.t === 'event')).toMatchObject({ event: { type: 'note', message: 'before anyone came' } });
      const asked = await alice.next((m) => m.t === 'ask');
      expect(asked).toMatchObject({ request: { id: 'c1', command: 'deploy --now' } });
      expect(bob.got.some((m) => m.t === 'ask')).toBe(false);

      // A watcher cannot answer.
      bob.ch.send({ t: 'answer', id: 'c1', answer: { choice: 'yes' } });
      expect(await bob.next((m) => m.t === 'error')).toMatchObject({ message: expect.stringMatching(/another console is answering/) });
      alice.ch.send({ t: 'answer', id: 'c1', answer: { choice: 'yes' } });
      expect(await first).toMatchObject({ choice: 'yes', via: 'attach', by: 'alice@h' });
      await carol.next((m) => m.t === 'answered');

      // Live events reach everyone.
      hub.broadcast({ type: 'note', at: 2, message: 'live one' });
      await carol.next((m) => m.t === 'event' && m.event.type === 'note' && m.event.message === 'live one');

      // The controller's connection drops: the next console that asked for control takes over.
      const second = hub.ask(request('c2'));
      await alice.next((m) => m.t === 'ask' && m.request.id === 'c2');
      alice.ch.close();
      await bob.next((m) => m.t === 'control');
      await bob.next((m) => m.t === 'ask' && m.request.id === 'c2');
      bob.ch.send({ t: 'answer', id: 'c2', answer: { choice: 'no' } });
      expect(await second).toMatchObject({ choice: 'no', by: 'bob@h' });

      // Everyone gone: the next question waits again.
      bob.ch.close();
      carol.ch.close();
      await new Promise((r) => setTimeout(r, 200));
      void hub.ask(request('c3'));
      expect(statuses.at(-1)).toMatchObject({ state: 'waiting' });
      hub.closeAll('test over');
    } finally {
      server.close();
    }
  });
});

// The runner's side of attach: consoles come and go; one of them (the controller) answers
// confirmations, the others watch. With nobody in control, a question waits — the run stays
// parked before the step that needs a person — until someone attaches. Implements Confirmer.
import type { Confirmer, ConfirmAnswer, ConfirmRequest } from '../../ports/confirmer.js';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import type { ClientIdentity, ClientMessage, RunnerState, RunnerStatus, ServerMessage } from '../../domain/runbook/runner-protocol.js';

export interface HubChannel {
  send(msg: ServerMessage): void;
  onMessage(fn: (msg: ClientMessage) => void): void;
  onClose(fn: () => void): void;
  close(): void;
}

interface Client {
  id: number;
  channel: HubChannel;
  who?: ClientIdentity;
  wantsControl: boolean;
}

interface Pending {
  request: ConfirmRequest;
  resolve: (a: ConfirmAnswer) => void;
  reject: (e: unknown) => void;
}

export interface AttachHubOptions {
  runId: string;
  pid: number;
  /** The journal so far, read when a client connects (sent before live events). */
  history: () => readonly RunEvent[];
  /** Called on every state change: writes status.json and the lock's "waiting" note. */
  onStatus?: (status: RunnerStatus) => void;
  /** A controller pressed abort (Ctrl-C): the runner decides what that means. */
  onAbortRequest?: () => void;
  /** The controlling console was terminated (SIGTERM): stop the run as a terminated foreground run would. */
  onStopRequest?: (reason: string) => void;
}

export class AttachHub implements Confirmer {
  private clients: Client[] = [];
  private controller?: Client;
  private pending?: Pending;
  private nextId = 1;
  private state: RunnerState = 'starting';
  private detail?: string;
  private greeted!: () => void;
  /** Resolves when the first console has said hello (the one that started the run, usually). */
  readonly firstClient = new Promise<void>((r) => (this.greeted = r));

  constructor(private readonly o: AttachHubOptions) {}

  get hasController(): boolean {
    return !!this.controller;
  }

  addClient(channel: HubChannel): void {
    const c: Client = { id: this.nextId++, channel, wantsControl: false };
    this.clients.push(c);
    channel.onMessage((m) => this.onMessage(c, m));
    channel.onClose(() => this.drop(c));
  }

  /** Every journaled event goes to every client, after it is durable. */
  broadcast(event: RunEvent): void {
    for (const c of this.clients) if (c.who) c.channel.send({ t: 'event', event });
  }

  setState(state: RunnerState, detail?: string): void {
    this.state = state;
    this.detail = detail;
    this.publish();
  }

  status(): RunnerStatus {
    return {
      runId: this.o.runId,
      state: this.state,
      pid: this.o.pid,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.pending ? { pendingRequest: this.pending.request } : {}),
      ...(this.controller?.who ? { controller: `${this.controller.who.user}@${this.controller.who.host}` } : {}),
      clients: this.clients.filter((c) => c.who).length,
      updatedAt: Date.now(),
    };
  }

  ask(request: ConfirmRequest, signal?: AbortSignal): Promise<ConfirmAnswer> {
    if (this.pending) this.pending.reject(new Error('superseded by a new question'));
    return new Promise<ConfirmAnswer>((resolve, reject) => {
      const done = () => signal?.removeEventListener('abort', onAbort);
      const onAbort = () => {
        if (this.pending?.request.id === request.id) this.pending = undefined;
        done();
        reject(signal?.reason ?? new Error('aborted'));
        this.afterQuestion();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        request,
        resolve: (a) => {
          done();
          resolve(a);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      };
      if (this.controller) {
        this.controller.channel.send({ t: 'ask', request });
        this.setState('running', `asking ${request.stepId ? `about step ${request.stepId}` : request.purpose}`);
      } else this.setState('waiting', `${request.stepId ? `step ${request.stepId}` : request.purpose} needs an operator: waiting for someone to attach`);
    });
  }

  /** Says goodbye to every client (the run is over) and forgets them. */
  closeAll(reason: string): void {
    for (const c of this.clients) {
      c.channel.send({ t: 'bye', reason });
      c.channel.close();
    }
    this.clients = [];
    this.controller = undefined;
  }

  private onMessage(c: Client, m: ClientMessage): void {
    switch (m.t) {
      case 'hello': {
        c.who = m.who;
        c.wantsControl = m.role === 'control';
        if (c.wantsControl && !this.controller) this.controller = c;
        c.channel.send({ t: 'welcome', runId: this.o.runId, controller: this.controller === c, status: this.status() });
        for (const event of this.o.history()) c.channel.send({ t: 'event', event });
        c.channel.send({ t: 'live' });
        if (this.controller === c) this.offerPending();
        this.publish();
        this.greeted();
        break;
      }
      case 'answer': {
        if (c !== this.controller) return c.channel.send({ t: 'error', message: 'another console is answering; you are watching' });
        const p = this.pending;
        if (!p || p.request.id !== m.id) return c.channel.send({ t: 'error', message: `no open question ${m.id}` });
        this.pending = undefined;
        const by = c.who ? `${c.who.user}@${c.who.host}${c.who.sshClient ? ` from ${c.who.sshClient}` : ''}` : undefined;
        for (const o of this.clients) if (o.who) o.channel.send({ t: 'answered', id: m.id, by });
        // The client says how it asked (the console's run screen, `opsdeck attach`, the terminal of a
        // foreground `opsdeck run`): the journal, audit and report record that, not the socket it came over.
        p.resolve({ ...m.answer, via: m.answer.via ?? 'attach', by: m.answer.by ?? by });
        this.afterQuestion();
        break;
      }
      case 'abort':
        if (c === this.controller) this.o.onAbortRequest?.();
        else c.channel.send({ t: 'error', message: 'only the controlling console can abort' });
        break;
      case 'stop':
        if (c === this.controller) this.o.onStopRequest?.(m.reason);
        else c.channel.send({ t: 'error', message: 'only the controlling console can stop the run' });
        break;
      case 'release':
        if (c === this.controller) this.handOver(c);
        c.wantsControl = false;
        break;
    }
  }

  private afterQuestion(): void {
    if (this.state !== 'finished') this.setState('running');
  }

  private offerPending(): void {
    if (this.pending && this.controller) {
      this.controller.channel.send({ t: 'ask', request: this.pending.request });
      if (this.state === 'waiting') this.setState('running', `asking ${this.pending.request.stepId ? `about step ${this.pending.request.stepId}` : this.pending.request.purpose}`);
    }
  }

  /** The controller left: the longest-waiting console that asked for control takes over. */
  private handOver(from: Client): void {
    if (this.controller !== from) return;
    this.controller = this.clients.find((o) => o !== from && o.wantsControl && o.who);
    if (this.controller) {
      this.controller.channel.send({ t: 'control', controller: true });
      this.offerPending();
    } else if (this.pending) {
      this.setState('waiting', `${this.pending.request.stepId ? `step ${this.pending.request.stepId}` : this.pending.request.purpose} needs an operator: waiting for someone to attach`);
    }
    this.publish();
  }

  private drop(c: Client): void {
    this.clients = this.clients.filter((o) => o !== c);
    if (this.controller === c) this.handOver(c);
    else this.publish();
  }

  private publish(): void {
    const status = this.status();
    this.o.onStatus?.(status);
    for (const c of this.clients) if (c.who) c.channel.send({ t: 'status', status });
  }
}

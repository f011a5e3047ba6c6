// `demo-service control ROLE fail|slow|recover --port N`: POSTs to the service's control
// endpoint on loopback and checks that the role answering is the one the operator meant.
import { fetchJson } from './demo-http.js';

const ACTIONS = ['fail', 'slow', 'recover'];

export async function sendControl(role: string, action: string, port: number, ms: string | undefined): Promise<number> {
  if (!ACTIONS.includes(action)) {
    process.stderr.write(`demo-service: unknown action "${action}" (use fail, slow or recover)\n`);
    return 2;
  }
  if (ms !== undefined && !/^\d+$/.test(ms)) {
    process.stderr.write(`demo-service: --ms must be a number of milliseconds, got "${ms}"\n`);
    return 2;
  }
  const query = `?role=${encodeURIComponent(role)}${action === 'slow' ? `&ms=${ms ?? 1500}` : ''}`;
  try {
    const r = await fetchJson(`http://127.0.0.1:${port}/control/${action}${query}`, { method: 'POST', timeoutMs: 3000 });
    const body = r.body as { role?: string; failing?: boolean; slowMs?: number };
    if (r.status === 409) {
      process.stderr.write(`demo-service: port ${port} is the ${body.role ?? 'unknown'} service, not ${role}; nothing changed\n`);
      return 1;
    }
    if (r.status !== 200) throw new Error(`answered ${r.status}`);
    process.stdout.write(`${role} on port ${port}: ${body.failing ? 'failing' : body.slowMs ? `slow (${body.slowMs}ms)` : 'healthy'}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`demo-service: cannot reach ${role} on 127.0.0.1:${port}: ${(e as Error).message}\n`);
    return 1;
  }
}

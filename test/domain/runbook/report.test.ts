import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/domain/runbook/report.js';
import { summarizeRun, completedStepIds } from '../../../src/domain/runbook/run-summary.js';
import { createRedactor } from '../../../src/domain/text/redaction.js';
import type { RunEvent } from '../../../src/domain/runbook/run-events.js';

const T = Date.UTC(2026, 10, 23, 19, 0, 0);
const started: RunEvent = {
  type: 'run-started', at: T, runId: '20261123-190000-deploy-ab12', runbook: 'deploy', title: 'Deploy the API', kind: 'deploy', profile: 'shop', environment: 'production',
  protected: true, dryRun: false, changeRef: 'CHG-7', inputs: { version: '1.2.3', token: '••••' }, onFailure: 'rollback', user: 'alice', host: 'ops-1', pid: 42, sudoUser: 'root', sshClient: '10.0.0.9',
  plan: [
    { id: 'stop', title: 'Stop the API', kind: 'service', command: 'service stop api', confirm: 'typed', retries: 0, hasRollback: true },
    { id: 'swap', title: 'Swap the binary', kind: 'run', command: 'cp api-1.2.3 /srv/api', confirm: 'none', retries: 0, hasRollback: false },
    { id: 'start', title: 'Start the API', kind: 'service', command: 'service start api', confirm: 'none', retries: 0, hasRollback: false },
  ],
};

const finishedRun: RunEvent[] = [
  started,
  { type: 'confirmation-requested', at: T + 10, requestId: 'c1', stepId: 'stop', purpose: 'step', level: 'typed', prompt: 'Run step stop?' },
  { type: 'confirmation-answered', at: T + 900, requestId: 'c1', stepId: 'stop', purpose: 'step', choice: 'yes', via: 'attach', by: 'alice@ops-1' },
  { type: 'health-snapshot', at: T + 901, stepId: 'stop', when: 'before', services: { api: 'healthy' } },
  { type: 'step-started', at: T + 1000, stepId: 'stop', phase: 'main', attempt: 1, command: 'service stop api' },
  { type: 'step-finished', at: T + 3000, stepId: 'stop', phase: 'main', attempt: 1, outcome: 'succeeded', durationMs: 2000, tail: ['stopped api'] },
  { type: 'health-snapshot', at: T + 3001, stepId: 'stop', when: 'after', services: { api: 'stopped' } },
  { type: 'step-started', at: T + 3100, stepId: 'swap', phase: 'main', attempt: 1, command: 'cp api-1.2.3 /srv/api' },
  { type: 'step-output', at: T + 3200, stepId: 'swap', phase: 'main', stream: 'stderr', line: 'cp: password=hunter22 denied' },
  { type: 'step-finished', at: T + 3300, stepId: 'swap', phase: 'main', attempt: 1, outcome: 'failed', exitCode: 1, durationMs: 200, tail: ['cp: password=hunter22 denied'], error: 'exit code 1' },
  { type: 'failure-decision', at: T + 3301, stepId: 'swap', choice: 'rollback', via: 'on_failure' },
  { type: 'rollback-started', at: T + 3302, steps: ['stop'], reason: 'step swap failed' },
  { type: 'step-started', at: T + 3400, stepId: 'stop', phase: 'rollback', attempt: 1, command: 'service start api' },
  { type: 'step-finished', at: T + 5400, stepId: 'stop', phase: 'rollback', attempt: 1, outcome: 'succeeded', durationMs: 2000, tail: [] },
  { type: 'run-finished', at: T + 5500, outcome: 'failed', rolledBack: true, message: 'step swap failed; rolled back 1 step(s)', durationMs: 5500 },
];

describe('run report', () => {
  it('says who, where, when, change, inputs, and every step with command, confirmation, exit, duration, health, tail', () => {
    const md = renderReport(finishedRun, createRedactor());
    expect(md).toContain('# Deploy the API — failed');
    expect(md).toContain('| Who | alice@ops-1 (sudo from root), SSH from 10.0.0.9 |');
    expect(md).toContain('| Where | profile shop, environment production (protected) |');
    expect(md).toContain('| Started | 2026-11-23T19:00:00.000Z |');
    expect(md).toContain('| Change reference | CHG-7 |');
    expect(md).toContain('| Outcome | failed, rolled back — step swap failed; rolled back 1 step(s) |');
    expect(md).toContain('- `version` = `1.2.3`');
    expect(md).toContain('- `token` = `••••`');
    expect(md).toContain('### 1. Stop the API (`stop`) — succeeded');
    expect(md).toContain('- Confirmation: typed — yes via attach by alice@ops-1');
    expect(md).toContain('- Health before: api healthy');
    expect(md).toContain('- Health after: api stopped');
    expect(md).toContain('- Rollback: succeeded, 2s');
    expect(md).toContain('### 2. Swap the binary (`swap`) — failed');
    expect(md).toContain('- Exit code: 1');
    expect(md).toContain('- Duration: 200ms');
    expect(md).toContain('### 3. Start the API (`start`) — not run');
    // Output tails are masked again on the way out.
    expect(md).not.toContain('hunter22');
    expect(md).toMatch(/password=•+ denied/);
  });

  it('an unfinished run shows the step that was running as interrupted', () => {
    const events = finishedRun.slice(0, 8); // died during "swap"
    const s = summarizeRun(events)!;
    expect(s.status).toBe('unfinished');
    expect(s.currentStepId).toBe('swap');
    expect(s.steps.find((x) => x.id === 'swap')!.interrupted).toBe(true);
    expect(completedStepIds(s)).toEqual(['stop']);
    expect(renderReport(events)).toContain('### 2. Swap the binary (`swap`) — INTERRUPTED');
  });

  it('mark done after a crash counts the step as completed', () => {
    const events: RunEvent[] = [
      ...finishedRun.slice(0, 8),
      { type: 'run-resumed', at: T + 9000, pid: 43, interruptedStepId: 'swap' },
      { type: 'confirmation-answered', at: T + 9100, requestId: 'c2', stepId: 'swap', purpose: 'interrupted', choice: 'mark-done', via: 'flag', by: 'bob@ops-2' },
    ];
    const s = summarizeRun(events)!;
    expect(s.resumes).toBe(1);
    expect(completedStepIds(s)).toEqual(['stop', 'swap']);
    expect(s.steps.find((x) => x.id === 'swap')!.interrupted).toBe(false);
  });
});

describe('run report: commands and inputs exactly as they ran (tester report #3)', () => {
  const cmd = "echo 'hello x; touch pwned $(touch pwnedb) `touch pwnedc` | cat & pw=••••••'";
  const who = 'x; touch pwned $(touch pwnedb) `touch pwnedc` | cat &';
  const script = 'printf "%s\\n" "$OPSDECK_INPUT_WHO"\necho ```not a fence``` done';
  const run: RunEvent[] = [
    {
      ...started, protected: false, changeRef: undefined, inputs: { who, edge: '`a`' },
      plan: [
        { id: 'hello', title: 'Say hello', kind: 'run', command: cmd, confirm: 'none', retries: 0, hasRollback: false },
        { id: 'sh', title: 'Shell', kind: 'shell', command: script, confirm: 'none', retries: 0, hasRollback: false },
      ],
    } as RunEvent,
    { type: 'step-started', at: T + 1, stepId: 'hello', phase: 'main', attempt: 1, command: cmd },
    { type: 'step-finished', at: T + 2, stepId: 'hello', phase: 'main', attempt: 1, outcome: 'succeeded', durationMs: 1, tail: ['a ``` b'] },
    { type: 'step-started', at: T + 3, stepId: 'sh', phase: 'main', attempt: 1, command: script },
    { type: 'step-finished', at: T + 4, stepId: 'sh', phase: 'main', attempt: 1, outcome: 'succeeded', durationMs: 1, tail: [] },
    { type: 'run-finished', at: T + 5, outcome: 'succeeded', rolledBack: false, durationMs: 5 },
  ];

  it('no backtick is changed; each code span is fenced longer than any backtick run in it', () => {
    const md = renderReport(run, createRedactor());
    expect(md).toContain(`- Command: \`\`${cmd}\`\``);
    expect(md).not.toContain("'touch pwnedc'");
    expect(md).toContain(`- \`who\` = \`\`${who}\`\``);
    // Starts and ends with a backtick: padded (CommonMark strips one space each side).
    expect(md).toContain('- `edge` = `` `a` ``');
    // A script: a fenced block under the item, its fence longer than the ``` inside.
    expect(md).toContain(['- Command:', '', '  ````', '  printf "%s\\n" "$OPSDECK_INPUT_WHO"', '  echo ```not a fence``` done', '  ````'].join('\n'));
    // Output keeps its backticks too.
    expect(md).toContain(['````', 'a ``` b', '````'].join('\n'));
  });

  it('masking and control characters are handled as before', () => {
    const events = run.map((e) => (e.type === 'step-started' && e.stepId === 'hello' ? { ...e, command: 'echo `s3cretvalue` \u001b[31mred' } : e));
    const md = renderReport(events, createRedactor(['s3cretvalue']));
    expect(md).not.toContain('s3cretvalue');
    expect(md).not.toContain('\u001b');
    expect(md).toMatch(/- Command: `` echo `•+` \^\[\[31mred ``|- Command: ``echo `•+` \^\[\[31mred``/);
  });
});

// The guided run: the steps with their state, the current one with its live output (bounded,
// already masked by the runner) and elapsed time against the estimate, the runner's questions
// (with the exact command), Ctrl-C to abort a step, and the summary with the report's path.
// Esc leaves at any time: a detached run goes on (or waits for an answer) without this console,
// which lets go of it so any console may answer; :attach comes back. The footer offers the keys
// of the state the run is in (runKeysFor, or the question's own).
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useTheme } from '../../theme/theme-context.js';
import { useNow } from '../../use-now.js';
import { formatDuration } from '../../../domain/duration.js';
import { focusIndex, type RunView, type ViewStep } from '../../../domain/runbook/run-view.js';
import type { RunClient } from '../../../services/runs/run-client.js';
import { elapsedText, estimateText, oneLine, statusTone, stepMark } from '../../presentation/runbook-text.js';
import { fit } from '../../presentation/format.js';
import { windowStart } from '../../components/list-window.js';
import { runKeysFor } from './runbooks-keys.js';
import { RunPrompt, commandRows } from './run-prompt.js';
import { promptKeys } from './prompt-keys.js';
import { useLiveKeys } from '../../keys/live-keys.js';
import { readOnlyReason } from '../../../domain/policy/action-policy.js';

export function RunScreen({ runId, active }: { runId: string; active: boolean }) {
  const session = useSession();
  const client = session.runbooks.client(runId);
  if (!client) return <Text>Run {terminalSafe(runId)} is not attached to this console (see history: h).</Text>;
  return <AttachedRun client={client} active={active} />;
}

function AttachedRun({ client, active }: { client: RunClient; active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const { width, height } = useViewport();
  const now = useNow(1000, active);
  const view = useStore(client.store, (s) => s.view);
  const pending = useStore(client.store, (s) => s.pending);
  const outputVersion = useStore(client.store, (s) => s.outputVersion);
  const connection = useStore(client.store, (s) => s.connection);
  const reportPath = useStore(client.store, (s) => s.reportPath);
  const controller = useStore(client.store, (s) => s.controller);
  // Answering a run's question changes things: in read-only mode it is shown, not offered.
  const access = useStore(session.access);
  const readOnly = readOnlyReason(session.currentEnvironment(), access);
  const status = useStore(client.store, (s) => s.status);
  const output = client.store.getState().output;
  const [scrollBack, setScrollBack] = useState(0);
  const finished = !!view?.outcome;
  // The runner went away without saying how the run ended: nothing here is live any more.
  const lost = !finished && connection === 'closed';
  const prompting = !!pending && controller && !readOnly && !lost;
  const promptTable = useMemo(() => (pending ? promptKeys(pending) : undefined), [pending]);
  const table = runKeysFor(finished ? 'finished' : view?.current && !lost ? 'running' : 'idle');
  useLiveKeys(prompting && promptTable ? promptTable : table, active, prompting);
  const leave = () => {
    if (!finished && !lost) {
      // Detached: let go, so the runner waits for (and the header names) whoever attaches next.
      if (session.runbooks.detached) client.detach();
      session.note('info', `run ${client.runId} ${pending ? 'waits for an answer' : 'goes on without this console'}: :attach returns to it`);
    }
    nav.home();
    nav.push({ name: 'runbooks' });
  };
  useKeyLayer(PRIORITY.screen, table, (action) => {
    if (action === 'abort') {
      if (finished || lost) return false; // Ctrl-C falls through to quit
      if (view?.current) client.abort();
      else session.note('info', 'no step is running: answer the question, or press n to stop the run');
    } else if (action === 'back') leave();
    else if (action === 'up') setScrollBack((s) => Math.min(output.size, s + 1));
    else if (action === 'down') setScrollBack((s) => Math.max(0, s - 1));
  }, { active });

  if (!view) return <Text>{connection === 'closed' ? 'The run ended before it started.' : `starting run ${client.runId}…`}</Text>;
  // Border (2), question, command (up to 3 rows), answer line(s), key line.
  const cmdRows = pending?.command && !pending.instructions ? commandRows(pending.command, width, t.ascii).length : 0;
  const promptRows = pending && !lost ? 2 + 1 + cmdRows + (pending.instructions ? 1 : 0) + (pending.level === 'typed' ? 3 : 1) : 0;
  const stepRows = Math.min(view.steps.length, Math.max(3, Math.floor((height - 4) / 3)));
  const focus = focusIndex(view);
  const first = windowStart(focus, view.steps.length, stepRows);
  const currentStep = view.current ? view.steps.find((s) => s.plan.id === view.current!.stepId) : undefined;
  const summaryRows = finished ? 3 : 2;
  const outRows = Math.max(0, height - 1 - stepRows - summaryRows - promptRows - 1);
  const end = Math.max(0, output.size - scrollBack);
  const lines = outRows > 0 ? output.slice(Math.max(0, end - outRows), end) : [];
  void outputVersion;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {terminalSafe(`${view.title} · ${view.environment}${view.protected ? ' PROTECTED' : ''} · run ${view.runId}`)}
        {view.dryRun ? <Text color={t.c('yellow')}>{'  DRY RUN: nothing changes; NOT simulated steps are only described'}</Text> : null}
        {view.changeRef ? terminalSafe(`  change ${view.changeRef}`) : ''}
      </Text>
      {view.steps.slice(first, first + stepRows).map((s, n) => (
        <StepLine key={s.plan.id} step={s} index={first + n} isFocus={first + n === focus} width={width} ended={finished} />
      ))}
      {finished ? <Summary view={view} reportPath={reportPath} /> : lost ? (
        <>
          <Text wrap="truncate" color={t.c('red')}>{oneLine(`The connection to the runner closed${client.store.getState().message ? `: ${client.store.getState().message}` : ''}; what it does now is not shown here.`, t.ascii)}</Text>
          <Text wrap="truncate">{terminalSafe(`:attach ${view.runId} follows it again if it still runs; opsdeck resume ${view.runId} if its runner died.`)}</Text>
        </>
      ) : (
        <>
          <Text wrap="truncate">
            {currentStep && view.current ? (
              <>
                <Text bold color={t.c('cyan')}>{`${t.glyphs.selected} ${view.current.phase === 'rollback' ? 'rolling back ' : ''}${terminalSafe(currentStep.plan.id)}`}</Text>
                {`  elapsed ${elapsedText(now - view.current.startedAt, view.current.phase === 'rollback' ? undefined : currentStep.plan.estimateMs)}`}
              </>
            ) : pending ? <Text color={t.c('yellow')}>waiting for your answer</Text>
              : status?.pendingRequest ? <Text color={t.c('yellow')}>{oneLine(`waiting for ${status.controller ?? 'an operator'} to answer: ${status.pendingRequest.prompt}`, t.ascii)}</Text>
              : <Text dimColor>{view.rollingBack ? 'rolling back…' : 'between steps…'}</Text>}
          </Text>
          <Text wrap="truncate" color={t.c('cyan')}>{currentStep && view.current ? `$ ${oneLine(view.current.phase === 'rollback' ? currentStep.rollback?.command ?? '' : currentStep.command, t.ascii)}` : ' '}</Text>
        </>
      )}
      <Text dimColor wrap="truncate">{`${t.glyphs.rule.repeat(2)} output${scrollBack ? ` (scrolled back ${scrollBack}; j returns)` : ''} ${t.glyphs.rule.repeat(Math.max(0, width - 12))}`}</Text>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate" color={l.stream === 'stderr' ? t.c('yellow') : l.stream === 'info' ? t.c('cyan') : undefined} dimColor={l.stream === 'info'}>{oneLine(l.text, t.ascii) || ' '}</Text>
      ))}
      {pending && controller && promptTable && !lost ? (
        <RunPrompt key={pending.id} request={pending} keys={promptTable} width={width} active={active} readOnly={readOnly} onAnswer={(a) => client.answer(pending.id, a)} onLeave={leave} />
      ) : null}
    </Box>
  );
}

function StepLine({ step, index, isFocus, width, ended }: { step: ViewStep; index: number; isFocus: boolean; width: number; ended: boolean }) {
  const t = useTheme();
  // Once the run is over, a step it never reached is not "pending" any more (nor has an estimate).
  const status = ended && step.status === 'pending' ? 'not run' : step.status;
  const tone = statusTone(step.status);
  const colour = tone === 'ok' ? t.c('green') : tone === 'bad' ? t.c('red') : tone === 'warn' ? t.c('yellow') : undefined;
  const timing = step.durationMs !== undefined ? formatDuration(step.durationMs) : status === 'pending' ? estimateText(step.plan.estimateMs) : '';
  const extra = step.skipReason ? `skipped (${step.skipReason})` : step.error ? step.error : step.rollback ? `rollback ${step.rollback.status}` : step.dryRun ?? '';
  return (
    <Text wrap="truncate" bold={isFocus}>
      <Text color={colour}>{` ${stepMark(step.status, t.ascii)} `}</Text>
      {`${String(index + 1).padStart(2)} ${fit(step.plan.id, 14)} ${fit(status, 11)} ${fit(timing, 11)} `}
      <Text dimColor>{fit(oneLine(extra || step.plan.title, t.ascii), Math.max(5, width - 45))}</Text>
    </Text>
  );
}

function Summary({ view, reportPath }: { view: RunView; reportPath?: string }) {
  const t = useTheme();
  const ok = view.outcome === 'succeeded';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" bold color={ok ? t.c('green') : t.c('red')}>
        {oneLine(`Run ${view.outcome}${view.rolledBack ? ' (rolled back)' : ''} in ${formatDuration(view.durationMs ?? 0)}${view.message ? ` — ${view.message}` : ''}`, t.ascii)}
      </Text>
      <Text wrap="truncate">{terminalSafe(`report: ${reportPath ?? 'see opsdeck show ' + view.runId}`)}</Text>
      <Text dimColor wrap="truncate">Esc returns to the runbooks; h on the list shows the history.</Text>
    </Box>
  );
}

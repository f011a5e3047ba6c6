// The plan before anything runs: every step with its command filled in (exactly as the
// confirmation will show it), its confirmation level, `when`-skipped steps, and an estimate
// from past runs. d toggles dry-run (always on in read-only mode for a runbook that changes
// things); Enter starts the run. A `require_window` runbook says here,
// before anything is confirmed, whether it may run now: inside which window, a warning, or why
// it is refused (and Enter then says so instead of trying to start).
import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useModal, useNav, useSession, useViewport } from '../../app-context.js';
import { StaleLockError, WindowRefusedError } from '../../../services/runs/runbook-desk.js';
import { useNow } from '../../use-now.js';
import { useReadEffect } from '../../use-read-effect.js';
import { PlanChangedError } from '../../../services/runs/run-setup.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useTheme } from '../../theme/theme-context.js';
import { errorMessage } from '../../../domain/errors.js';
import { MASK } from '../../../domain/text/redaction.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { dryRunOnlyReason, runbookMutates, runStartRequirement, type Plan } from '../../../domain/runbook/plan.js';
import { requirementFor } from '../../../domain/policy/action-policy.js';
import { dryRunSimulates } from '../../../domain/runbook/dry-run.js';
import { confirmLabel, estimateText, oneLine } from '../../presentation/runbook-text.js';
import { fit, wrappedRows } from '../../presentation/format.js';
import { PLAN_KEYS, SAFE_PLAN_KEYS } from './runbooks-keys.js';

export interface PlanScreenProps {
  runbook: string;
  inputs: Readonly<Record<string, string>>;
  changeRef?: string;
  active: boolean;
}

export function PlanScreen({ runbook: name, inputs, changeRef, active }: PlanScreenProps) {
  const session = useSession();
  const nav = useNav();
  const modal = useModal();
  const t = useTheme();
  const { width, height } = useViewport();
  const [dryChosen, setDryRun] = useState(false);
  const [scroll, setScroll] = useState(0);
  // Bumped when a start is refused because the file changed: the new plan is read and shown.
  const [generation, setGeneration] = useState(0);
  const [changed, setChanged] = useState<readonly string[] | undefined>();
  const desk = session.runbooks;
  const rb = useReadEffect(() => desk.list().find((r) => r.name === name)?.runbook, [desk, name, generation]);
  // The one policy: in read-only mode a runbook that changes things may only start as a dry run.
  const access = useStore(session.access);
  const dryOnly = rb ? dryRunOnlyReason(rb, session.currentEnvironment(), access) : undefined;
  const dryRun = dryChosen || !!dryOnly;
  const planned = useMemo((): Plan | string => {
    if (!rb) return `no valid runbook named ${name}`;
    try {
      return desk.preview(rb, inputs, dryRun);
    } catch (e) {
      return errorMessage(e);
    }
  }, [desk, name, rb, inputs, dryRun]);
  // Re-read when a window opens or closes (the maintenance watch) and every few seconds.
  const windows = useStore(session.maintenance.store, (st) => st.state);
  const tick = useNow(5000, active);
  const fiveSeconds = Math.floor(tick / 5000);
  const rule = useReadEffect(() => (rb ? desk.windowRule(rb) : undefined), [desk, rb, windows, fiveSeconds]);
  const ruleText = rule?.refuse ? (dryRun ? `outside a maintenance window: only this dry run may start. ${rule.refuse}` : `NOT ALLOWED NOW: ${rule.refuse}`) : rule?.warn ? `WARNING: ${rule.warn}` : rule?.inside;
  const ruleRows = ruleText ? wrappedRows(ruleText, width) + (rule?.refuse && !dryRun ? 1 : 0) : 0;
  const perStep = 2;
  const headerRows = 4 + ruleRows + (dryOnly ? 1 : 0) + (changed ? Math.min(changed.length, 4) + 1 : 0);
  // One row kept for "steps 1-5 of 7" (a layout taller than the pane squeezes rows out of it).
  const visible = Math.max(1, Math.floor((height - headerRows - 1) / perStep));
  const steps = typeof planned === 'string' ? [] : planned.steps;
  const [starting, setStarting] = useState(false);
  const begin = async (p: Plan, takeOverStale: boolean): Promise<void> => {
    setStarting(true);
    try {
      const client = await session.runbooks.start(p, changeRef, { takeOverStale });
      nav.push({ name: 'run', runId: client.runId });
    } catch (e) {
      if (e instanceof PlanChangedError) {
        setChanged(e.changes);
        setGeneration((g) => g + 1);
        session.note('error', `${name} changed since its plan was shown: nothing ran; review the new plan`);
      } else if (e instanceof StaleLockError && !takeOverStale) {
        // The one policy decides what a takeover needs (typed in a protected environment).
        const r = requirementFor({ dangerous: true, label: 'take the lock over' }, p.environment);
        const ok = await modal.confirm({ title: `${errorMessage(e)}. Take the lock over?`, typedName: r.kind === 'typed' ? r.expected : undefined, protectedEnv: p.environment.protected });
        if (ok) return begin(p, true);
      } else if (e instanceof WindowRefusedError) session.note('error', `${name} not started (outside a maintenance window): ${errorMessage(e)}`);
      else session.note('error', `cannot start ${name}: ${errorMessage(e)}`);
    } finally {
      setStarting(false);
    }
  };
  useKeyLayer(PRIORITY.screen, !dryRun && rb && runbookMutates(rb) ? PLAN_KEYS : SAFE_PLAN_KEYS, (action) => {
    if (action === 'up') setScroll((s) => Math.max(0, s - 1));
    else if (action === 'down') setScroll((s) => Math.max(0, Math.min(steps.length - visible, s + 1)));
    else if (action === 'dryRun') {
      if (dryOnly) session.note('error', `only a dry run may start here (:write leaves read-only mode): ${dryOnly}`);
      else setDryRun((d) => !d);
    }
    else if (action === 'back') nav.back();
    else if (action === 'start' && typeof planned !== 'string' && !starting) {
      if (rule?.refuse && !planned.dryRun) return void session.note('error', `${name} not started (outside a maintenance window): d for a dry run, or open a window`);
      if (runStartRequirement(planned.runbook, planned.environment, planned.dryRun).changeRef && !changeRef) return void session.note('error', 'a change reference is required in a protected environment: go back and fill it');
      void begin(planned, false);
    }
  }, { active });

  if (typeof planned === 'string') return <Text color={t.c('red')}>{planned}</Text>;
  const env = planned.environment;
  const shownInputs = terminalSafe(Object.entries(planned.inputs).map(([k, v]) => `${k}=${planned.secretInputs.includes(k) ? MASK : v}`).join('  '));
  const idW = Math.min(16, Math.max(4, ...steps.map((s) => s.step.id.length)));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`Plan: ${terminalSafe(planned.runbook.title)} (${steps.length} steps)`}</Text>
      <Text wrap="truncate">
        {'env '}
        <Text bold color={env.protected ? t.c('red') : t.c('green')} inverse={env.protected}>{terminalSafe(env.protected ? ` ${env.name} PROTECTED ` : env.name)}</Text>
        {runStartRequirement(planned.runbook, env, planned.dryRun).changeRef || changeRef ? `  change ${changeRef ?? 'MISSING'}` : ''}
        {'  dry-run '}
        <Text bold color={dryRun ? t.c('yellow') : undefined}>{dryRun ? 'ON: nothing will change; steps marked NOT simulated are only described' : 'off'}</Text>
        {starting ? <Text color={t.c('cyan')}>{'  starting the runner…'}</Text> : null}
      </Text>
      <Text dimColor wrap="truncate">{`inputs: ${shownInputs || 'none'}`}</Text>
      {ruleText ? (
        <Text wrap="wrap" bold={!!rule?.refuse && !dryRun} color={rule?.refuse ? (dryRun ? t.c('yellow') : t.c('red')) : rule?.warn ? t.c('yellow') : t.c('green')}>
          {t.text(terminalSafe(ruleText))}
        </Text>
      ) : null}
      {dryOnly ? <Text color={t.c('yellow')} wrap="truncate">{'read-only: only this dry run may start (:write to run it for real)'}</Text> : null}
      {rule?.refuse && !dryRun ? <Text dimColor wrap="truncate">{'  Enter will not start it; d makes it a dry run (allowed outside a window)'}</Text> : null}
      {changed ? (
        <Box flexDirection="column">
          <Text color={t.c('red')} bold wrap="truncate">{`The runbook changed since this plan was shown; nothing ran. Below is the NEW plan: review it. Changes:`}</Text>
          {changed.slice(0, 4).map((c, i) => (
            <Text key={i} color={t.c('red')} wrap="truncate">{`  - ${terminalSafe(oneLine(c, t.ascii))}`}</Text>
          ))}
        </Box>
      ) : null}
      <Text bold wrap="truncate">{`  #  ${fit('STEP', idW)} ${fit('CONFIRM', 7)} ${fit('ESTIMATE', 11)} TITLE`}</Text>
      {steps.slice(scroll, scroll + visible).map((s) => (
        <Box key={s.step.id} flexDirection="column">
          <Text wrap="truncate" dimColor={!!s.skipped}>
            {`${String(s.index + 1).padStart(3)}  ${fit(terminalSafe(s.step.id), idW)} `}
            <Text color={s.confirm === 'typed' ? t.c('red') : s.confirm === 'confirm' ? t.c('yellow') : undefined} bold={s.confirm !== 'none'}>{fit(confirmLabel(s.confirm), 7)}</Text>
            {` ${fit(estimateText(s.estimateMs), 11)} `}
            {s.skipped ? <Text color={t.c('yellow')}>{`SKIPPED (only in ${s.step.when?.join(', ')}) `}</Text> : null}
            {planned.dryRun && !s.skipped ? <Text color={t.c('yellow')} bold={!dryRunSimulates(s.step.action.kind)}>{dryRunSimulates(s.step.action.kind) ? '[simulated] ' : '[NOT simulated] '}</Text> : null}
            {terminalSafe(s.step.title)}
          </Text>
          <Text wrap="truncate" color={t.c('cyan')}>{`       ${fit(`$ ${oneLine(s.command, t.ascii)}`, Math.max(10, width - 8))}`}</Text>
        </Box>
      ))}
      {steps.length > visible ? <Text dimColor>{`  steps ${scroll + 1}-${Math.min(steps.length, scroll + visible)} of ${steps.length} (k/j scroll)`}</Text> : null}
    </Box>
  );
}

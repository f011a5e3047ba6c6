// The inputs form: one field per input with its description and default; choices are a pick
// list (←/→), `choices_from` lists are produced by the desk (argv, never a shell); pattern and
// required are checked inline before the plan; secrets show as dots while typed.
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useSameJson } from '../../use-same.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { isErase } from '../../keys/key-name.js';
import { useTheme } from '../../theme/theme-context.js';
import { errorMessage } from '../../../domain/errors.js';
import { maskValue } from '../../presentation/runbook-text.js';
import { windowStart } from '../../components/list-window.js';
import { INPUTS_KEYS } from './runbooks-keys.js';
import { checkInputValue, choicesDependOn } from '../../../domain/runbook/inputs.js';
import type { Runbook } from '../../../domain/runbook/runbook-model.js';
import { runStartRequirement } from '../../../domain/runbook/plan.js';
import { cycleChoice, fieldProblem, formFields, formProblems, initialValues, splitValues, type FormField } from './inputs-form-model.js';

export function InputsScreen({ runbook: name, active, prefill }: { runbook: string; active: boolean; prefill?: Readonly<Record<string, string>> }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const { height } = useViewport();
  const env = session.currentEnvironment();
  const desk = session.runbooks;
  const rb = useMemo(() => desk.list().find((r) => r.name === name)?.runbook, [desk, name]);
  const needsChoices = !!rb?.inputs.some((i) => i.choicesFrom);
  // The one policy: a protected environment asks a change reference of a run that changes
  // things (none in read-only mode, where only its dry run may start).
  const changeRefAsked = !!rb && runStartRequirement(rb, env, false, session.access.getState()).changeRef;
  const [dynamic, setDynamic] = useState<Record<string, string[]> | undefined>(needsChoices ? undefined : {});
  const [failed, setFailed] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | undefined>();
  const [values, setValues] = useState<Record<string, string>>({});
  // A choices_from that names other inputs runs once they are filled, and again when they change.
  const dependsOn = useMemo(() => Object.fromEntries((rb?.inputs ?? []).filter((i) => i.choicesFrom).map((i) => [i.name, choicesDependOn(i)])), [rb]);
  // Kept while their content is the same: typing in another field must not list choices again.
  const depValues = useSameJson(useMemo(() => Object.fromEntries([...new Set(Object.values(dependsOn).flat())].map((n) => [n, values[n] ?? ''])), [dependsOn, values]));
  useEffect(() => {
    if (!rb || !needsChoices) return;
    let live = true;
    const given = Object.fromEntries(Object.entries(depValues).filter(([k, v]) => v !== '' && !fieldProblemOf(rb, k, v)));
    desk.choices(rb, given).then((c) => live && (setLoadError(undefined), setFailed(c.failed), setDynamic(c.choices)), (e: unknown) => live && setLoadError(errorMessage(e)));
    return () => void (live = false);
  }, [desk, rb, needsChoices, depValues]);
  const waiting = useSameJson(useMemo(() => Object.fromEntries(Object.entries(dependsOn).filter(([name, deps]) => deps.length > 0 && !dynamic?.[name] && !failed[name]).map(([name, deps]) => [name, deps.filter((d) => !depValues[d])])), [dependsOn, dynamic, depValues, failed]));
  const fields = useMemo(() => (rb && dynamic ? formFields(rb, changeRefAsked, dynamic, waiting, failed) : []), [rb, dynamic, changeRefAsked, waiting, failed]);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [focus, setFocus] = useState(0);
  // New fields (first load, or choices listed once their inputs are filled) keep what was typed.
  useEffect(() => setValues((typed) => ({ ...initialValues(fields), ...Object.fromEntries(Object.entries(prefill ?? {}).filter(([k]) => fields.some((f) => f.key === k))), ...Object.fromEntries(Object.entries(typed).filter(([k, v]) => v !== '' && fields.some((f) => f.key === k))) })), [fields, prefill]);

  const field: FormField | undefined = fields[focus];
  const value = (f: FormField) => values[f.key] ?? '';
  const leave = (delta: number) => {
    if (field) setTouched((s) => ({ ...s, [field.key]: true }));
    setFocus((i) => Math.max(0, Math.min(fields.length - 1, i + delta)));
  };
  const submit = () => {
    if (!rb) return;
    if (!field) return nav.push({ name: 'runbook-plan', runbook: name, inputs: {} });
    setTouched((s) => ({ ...s, [field.key]: true }));
    if (fieldProblem(field, value(field))) return; // the error shows under the field
    if (focus < fields.length - 1) return setFocus(focus + 1);
    const problems = formProblems(fields, values);
    const firstBad = fields.findIndex((f) => problems[f.key]);
    if (firstBad >= 0) {
      setTouched(Object.fromEntries(fields.map((f) => [f.key, true])));
      return setFocus(firstBad);
    }
    const { inputs, changeRef } = splitValues(values);
    nav.push({ name: 'runbook-plan', runbook: name, inputs, changeRef });
  };
  useKeyLayer(PRIORITY.screen, INPUTS_KEYS, (action) => {
    switch (action) {
      case 'prev': return leave(-1);
      case 'next': return leave(1);
      case 'choicePrev':
      case 'choiceNext':
        if (field?.kind === 'choice') setValues((s) => ({ ...s, [field.key]: cycleChoice(field, s[field.key] ?? '', action === 'choicePrev' ? -1 : 1) }));
        return;
      case 'submit': return submit();
      case 'back': return nav.back();
    }
  }, {
    active,
    capture: (input, key) => {
      if (!field || field.kind === 'choice') return false;
      // Functional updates: keys of one burst arrive before React re-renders this closure.
      if (isErase(key)) {
        setValues((s) => ({ ...s, [field.key]: (s[field.key] ?? '').slice(0, -1) }));
        return true;
      }
      if (key.startsWith('ctrl+') || key === 'enter' || key === 'escape' || key === 'tab' || input.length === 0) return false;
      // eslint-disable-next-line no-control-regex -- typed text: control keys are not characters
      if (/^[^\x00-\x1f\x7f]+$/.test(input) && (input.length <= 200 || key === 'paste')) {
        setValues((s) => ({ ...s, [field.key]: ((s[field.key] ?? '') + input).slice(0, 1000) }));
        return true;
      }
      return false;
    },
  });

  if (!rb) return <Text color={t.c('red')}>No valid runbook named {terminalSafe(name)} for {terminalSafe(env.name)}.</Text>;
  if (loadError) return (
    <Box flexDirection="column">
      <Text bold>{terminalSafe(rb.title)}</Text>
      <Text color={t.c('red')} wrap="wrap">cannot list the choices: {terminalSafe(loadError)}</Text>
      <Text dimColor>Esc goes back.</Text>
    </Box>
  );
  if (!dynamic) return <Text>{terminalSafe(rb.title)}: listing the choices…</Text>;
  // Each field takes 2-3 lines; only those around the focused one are drawn.
  const perField = 3;
  const visible = Math.max(1, Math.floor((height - 2) / perField));
  const first = windowStart(focus, fields.length, visible);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{terminalSafe(`${rb.title} — inputs for ${env.name}${env.protected ? ' (PROTECTED)' : ''}`)}</Text>
      {fields.length === 0 ? <Text dimColor>This runbook takes no inputs. Enter shows the plan.</Text> : null}
      {fields.slice(first, first + visible).map((f, n) => {
        const i = first + n;
        const isFocus = i === focus;
        const v = value(f);
        // A listing that failed is said at once: the fix is in the input it depends on.
        const problem = f.listError ? `cannot list the choices: ${f.listError.replace(/^cannot list the choices for input "[^"]*": /, '')}` : touched[f.key] || (isFocus && v !== '' && v !== (f.default ?? '')) ? fieldProblem(f, v) : undefined;
        const shown = f.kind === 'secret' ? maskValue(v, t.ascii) : f.kind === 'choice' ? (v ? `< ${v} >` : '< choose >') : v;
        const about = [f.description, f.default !== undefined ? `default ${f.kind === 'secret' ? '(hidden)' : f.default}` : undefined, f.pattern ? `pattern ${f.pattern}` : undefined, f.waitingOn?.length ? `choices listed once ${f.waitingOn.join(', ')} is filled` : f.choices ? `${f.choices.length} choices` : undefined].filter(Boolean).join(' · ');
        return (
          <Box key={f.key} flexDirection="column">
            <Text wrap="truncate">
              <Text bold={isFocus} color={isFocus ? t.c('cyan') : undefined}>{`${isFocus ? t.glyphs.selected : ' '} ${terminalSafe(f.label)}: `}</Text>
              <Text inverse={isFocus}>{terminalSafe(shown) || ' '}</Text>
              {isFocus && f.kind !== 'choice' ? <Text inverse> </Text> : null}
            </Text>
            <Text dimColor wrap="truncate">{terminalSafe(`    ${about || ' '}`)}</Text>
            {problem ? <Text color={t.c('red')} wrap="truncate">{`    ${t.glyphs.check.fail} ${problem}`}</Text> : <Text> </Text>}
          </Box>
        );
      })}
      {fields.length > visible ? <Text dimColor>{`  field ${focus + 1} of ${fields.length}`}</Text> : null}
    </Box>
  );
}

/** An input's own rules (pattern, static choices) on a value, before other choices depend on it. */
function fieldProblemOf(rb: Runbook, name: string, value: string): string | undefined {
  const input = rb.inputs.find((i) => i.name === name);
  return input ? checkInputValue(input, value) : undefined;
}

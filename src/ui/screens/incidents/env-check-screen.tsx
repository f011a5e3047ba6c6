// The environment panel: the current environment's variables checked as `opsdeck env check`
// does (missing, renamed, deprecated, malformed; env file refused), re-read on `r`. No value
// is ever shown.
import { useState } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useNav, useSession } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import type { KeyTable } from '../../keys/key-table.js';
import { useTheme } from '../../theme/theme-context.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { errorMessage } from '../../../domain/errors.js';

export const ENV_CHECK_KEYS: KeyTable<'recheck' | 'back'> = [
  { keys: ['r'], description: 'check again', action: 'recheck' },
  { keys: ['escape'], description: 'back', action: 'back' },
];

const LABEL = { missing: 'MISSING', renamed: 'RENAMED', deprecated: 'DEPRECATED', format: 'FORMAT', 'env-file': 'ENV FILE' } as const;

export function EnvCheckScreen({ active }: { active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const environment = useStore(session.health, (s) => s.environment);
  const read = () => {
    try {
      return { report: session.envCheck() };
    } catch (e) {
      return { error: errorMessage(e) };
    }
  };
  const [state, setState] = useState(read);
  useKeyLayer(PRIORITY.screen, ENV_CHECK_KEYS, (action) => (action === 'back' ? nav.back() : setState(read())), { active });
  if (state.error || !state.report) return <Text color={t.c('red')}>{terminalSafe(state.error ?? 'env check failed')}</Text>;
  const r = state.report;
  const env = session.currentEnvironment();
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{terminalSafe(`Environment ${environment}: variables (process environment${r.envFile ? ` + ${r.envFile.file}${r.envFile.ok ? '' : ' REFUSED'}` : ''})`)}</Text>
      <Text dimColor wrap="truncate">{t.text(`required ${env.requires.length} · renamed ${Object.keys(env.renamed).length} · deprecated ${env.deprecated.length} · formats ${Object.keys(env.formats).length}  (values are never shown)`)}</Text>
      {r.problems.length === 0 ? <Text color={t.c('green')}>{`${t.glyphs.check.ok} ok: ${r.requiredSet.length} required variable(s) set, nothing renamed, deprecated or malformed`}</Text> : null}
      {r.problems.map((p, i) => (
        <Text key={i} wrap="wrap">
          <Text bold color={p.kind === 'missing' || p.kind === 'env-file' ? t.c('red') : t.c('yellow')}>{`${LABEL[p.kind].padEnd(10)} `}</Text>
          {t.text(terminalSafe(p.message))}
        </Text>
      ))}
      {r.notes.map((n, i) => <Text key={`n${i}`} dimColor wrap="truncate">{`note       ${terminalSafe(n)}`}</Text>)}
      <Text dimColor>{`The same as: opsdeck env check --env ${environment}`}</Text>
    </Box>
  );
}

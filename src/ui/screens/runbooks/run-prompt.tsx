// A question from the runner, shown with the exact command it is about: y/N (Enter = No), a
// typed confirmation (the environment's name; anything else is refused here and asked again;
// nothing typed is a no), or a choice after a failure. Its keys come from promptKeys(request),
// which the run screen also hands the shell's footer (the one key line); Esc steps away.
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { ConfirmAnswer, ConfirmRequest } from '../../../ports/confirmer.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { typedTextCapture } from '../../keys/typed-text.js';
import { useTheme } from '../../theme/theme-context.js';
import type { KeyTable } from '../../keys/key-table.js';
import type { PromptAction } from './prompt-keys.js';
import { oneLine } from '../../presentation/runbook-text.js';

export interface RunPromptProps {
  request: ConfirmRequest;
  /** promptKeys(request), kept while the request is the same (the footer shows it). */
  keys: KeyTable<PromptAction>;
  onAnswer(answer: ConfirmAnswer): void;
  /** Esc: leave the run screen without answering (the question waits). */
  onLeave(): void;
  width: number;
  /** @default true */
  active?: boolean;
  /** Why this console may not answer (read-only mode): the question is shown, no answer offered. */
  readOnly?: string;
}

export function RunPrompt({ request, keys, onAnswer, onLeave, width, active = true, readOnly }: RunPromptProps) {
  const t = useTheme();
  const [typed, setTyped] = useState('');
  const [refusal, setRefusal] = useState<string | undefined>();
  const refused = useRef<string[]>([]);
  const typedMode = request.level === 'typed' && request.expected !== undefined;
  useKeyLayer(PRIORITY.modal, keys, (action) => {
    if (action === 'leave') return onLeave();
    if (action === 'submit') {
      // Nothing typed is a no, as at the headless prompt (never a refusal asked again).
      if (typed === '') onAnswer({ choice: 'no', typed: '', ...(refused.current.length ? { refused: refused.current } : {}) });
      else if (typed === request.expected) onAnswer({ choice: 'yes', typed, ...(refused.current.length ? { refused: refused.current } : {}) });
      else {
        refused.current.push(typed);
        setRefusal(`refused: typed "${typed}", expected the environment name "${request.expected}"`);
        setTyped('');
      }
      return;
    }
    onAnswer({ choice: action as ConfirmAnswer['choice'], ...(refused.current.length ? { refused: refused.current } : {}) });
  }, {
    // Read-only: no layer at all, so no key is swallowed by a question this console cannot answer.
    active: active && !readOnly,
    exclusive: true,
    capture: typedMode ? typedTextCapture(setTyped, () => setRefusal(undefined)) : undefined,
  });
  const colour = request.purpose === 'failure' || request.purpose === 'abort' || request.purpose === 'interrupted' ? t.c('red') : t.c('yellow');
  return (
    <Box flexDirection="column" borderStyle={t.glyphs.border} borderColor={colour} paddingX={1} width={width}>
      <Text bold wrap="truncate">{oneLine(request.prompt, t.ascii)}</Text>
      {request.instructions ? <Text wrap="truncate">{oneLine(request.instructions, t.ascii)}</Text> : null}
      {request.command && !request.instructions
        ? commandRows(request.command, width, t.ascii).map((row, i) => (
            <Text key={i} wrap="truncate">
              <Text dimColor>{i === 0 ? 'runs: ' : '      '}</Text>
              {row}
            </Text>
          ))
        : null}
      {readOnly ? (
        <Text color={t.c('yellow')} wrap="wrap">{terminalSafe(`${readOnly}: you are watching; answer from a console that may change things, or here after :write (typed, audited)`)}</Text>
      ) : typedMode ? (
        <>
          <Text color={t.c('red')} bold wrap="truncate">{terminalSafe(`${request.protected ? 'PROTECTED' : 'Environment'} ${request.environment}: type its name (${request.expected}) and press Enter; Enter alone answers no.`)}</Text>
          <Text>
            {'> '}
            {typed}
            <Text inverse> </Text>
          </Text>
          {refusal ? <Text color={t.c('red')} wrap="truncate">{terminalSafe(refusal)}</Text> : null}
        </>
      ) : request.choices.includes('no') ? (
        <Text>
          Proceed? <Text bold>[y/N]</Text> <Text dimColor>(Enter = No)</Text>
        </Text>
      ) : null}
    </Box>
  );
}

/** The exact command in at most three rows of the box (a longer script is cut, marked with …). */
export function commandRows(command: string, width: number, ascii: boolean): string[] {
  const per = Math.max(10, width - 4 - 6);
  const text = oneLine(command, ascii);
  const rows: string[] = [];
  for (let i = 0; i < text.length && rows.length < 3; i += per) rows.push(text.slice(i, i + per));
  if (text.length > per * 3) rows[2] = `${rows[2]!.slice(0, per - 1)}…`;
  return rows;
}

// Confirms a dangerous action. y/N defaults to No: Enter, n and Esc all cancel. In a protected
// environment the operator types the environment's name: a wrong name asks again (the dialog
// stays, so no key meant for it lands on the screen behind), Esc cancels.
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { Box, Text } from 'ink';
import { useKeyLayer } from '../keys/use-key-layer.js';
import { PRIORITY } from '../keys/key-router.js';
import type { KeyTable } from '../keys/key-table.js';
import { typedTextCapture } from '../keys/typed-text.js';
import { useTheme } from '../theme/theme-context.js';
import type { ConfirmRequest } from '../app-context.js';
import { useRef, useState } from 'react';
import { useSyncState } from '../use-sync-state.js';

export const CONFIRM_KEYS: KeyTable<'yes' | 'no'> = [
  { keys: ['y', 'Y'], description: 'yes, do it', action: 'yes' },
  { keys: ['n', 'N', 'enter', 'escape'], description: 'no (default)', action: 'no', label: 'n/Enter/Esc' },
];

export const TYPED_CONFIRM_KEYS: KeyTable<'submit' | 'cancel'> = [
  { keys: ['enter'], description: 'confirm the typed name', action: 'submit' },
  { keys: ['escape'], description: 'cancel', action: 'cancel' },
];

export interface ConfirmDialogProps {
  request: ConfirmRequest;
  /** `reason` explains a refusal (wrong typed name); `refused`: the wrong names typed before (asked again each time). */
  onAnswer(ok: boolean, reason?: string, refused?: string[]): void;
}

export function ConfirmDialog({ request, onAnswer }: ConfirmDialogProps) {
  const t = useTheme();
  const [typed, setTyped, typedRef] = useSyncState('');
  const [wrong, setWrong] = useState<string | undefined>();
  const refused = useRef<string[]>([]);
  const typedMode = request.typedName !== undefined;
  useKeyLayer(PRIORITY.modal, typedMode ? TYPED_CONFIRM_KEYS : CONFIRM_KEYS, (action) => {
    if (action === 'yes') onAnswer(true);
    else if (action === 'no' || action === 'cancel') onAnswer(false, 'cancelled', refused.current);
    else if (action === 'submit') {
      const answer = typedRef.current;
      if (answer === request.typedName) onAnswer(true, undefined, refused.current);
      else {
        refused.current.push(answer);
        setWrong(answer);
        setTyped('');
      }
    }
  }, {
    exclusive: true,
    capture: typedMode ? typedTextCapture(setTyped) : undefined,
  });
  return (
    <Box flexDirection="column" borderStyle={t.glyphs.border} borderColor={t.c('yellow')} paddingX={1}>
      <Text bold>{terminalSafe(request.title)}</Text>
      {request.command ? (
        <Text>
          <Text dimColor>runs: </Text>
          {terminalSafe(request.command, { mode: 'multiline' })}
        </Text>
      ) : null}
      {typedMode ? (
        <>
          <Text color={t.c('red')} bold>
            {terminalSafe(`${request.protectedEnv ? 'PROTECTED environment' : 'Environment'} ${request.typedName}: type its name (${request.typedName}) and press Enter; Esc cancels.`)}
          </Text>
          {wrong !== undefined ? <Text color={t.c('red')}>{`"${terminalSafe(wrong)}" is not ${request.typedName}: type it again, or Esc to cancel.`}</Text> : null}
          <Text>
            {'> '}
            {terminalSafe(typed)}
            <Text inverse> </Text>
          </Text>
        </>
      ) : (
        <Text>
          Proceed? <Text bold>[y/N]</Text> <Text dimColor>(Enter = No)</Text>
        </Text>
      )}
    </Box>
  );
}
